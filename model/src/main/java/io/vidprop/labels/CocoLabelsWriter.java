package io.vidprop.labels;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Writes labels as COCO JSON that labelling tools import: one image per labelled frame, named
 * {@code NNNNNN.png} (as {@code vidprop render} names frames) with its {@code frame_index}, one category
 * "object", and {@code bbox} = [x, y, width, height].
 */
public final class CocoLabelsWriter {
    private CocoLabelsWriter() {}

    public static void write(FrameLabels labels, String videoName, Path file) throws IOException {
        JsonObject root = new JsonObject();
        JsonObject info = new JsonObject();
        info.addProperty("description", "vidprop labels for " + videoName);
        root.add("info", info);
        JsonArray images = new JsonArray();
        JsonArray annotations = new JsonArray();
        long annotationId = 1;
        for (Map.Entry<Long, float[]> e : labels.byFrame().entrySet()) {
            long frame = e.getKey();
            JsonObject image = new JsonObject();
            image.addProperty("id", frame + 1);
            image.addProperty("file_name", String.format(Locale.ROOT, "%06d.png", frame));
            image.addProperty("frame_index", frame);
            if (labels.width() > 0) {
                image.addProperty("width", labels.width());
                image.addProperty("height", labels.height());
            }
            images.add(image);
            float[] b = e.getValue();
            for (int i = 0; i < b.length; i += 4) {
                JsonObject a = new JsonObject();
                a.addProperty("id", annotationId++);
                a.addProperty("image_id", frame + 1);
                a.addProperty("category_id", 1);
                JsonArray bbox = new JsonArray();
                bbox.add(b[i]);
                bbox.add(b[i + 1]);
                bbox.add(b[i + 2] - b[i]);
                bbox.add(b[i + 3] - b[i + 1]);
                a.add("bbox", bbox);
                a.addProperty("area", (b[i + 2] - b[i]) * (b[i + 3] - b[i + 1]));
                a.addProperty("iscrowd", 0);
                annotations.add(a);
            }
        }
        root.add("images", images);
        root.add("annotations", annotations);
        JsonArray categories = new JsonArray();
        JsonObject object = new JsonObject();
        object.addProperty("id", 1);
        object.addProperty("name", "object");
        categories.add(object);
        root.add("categories", categories);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            new GsonBuilder().setPrettyPrinting().create().toJson(root, w);
        }
    }
}
