package io.vidprop.labels;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * COCO object-detection JSON: {@code images} and {@code annotations} with {@code bbox} = [x, y, width, height].
 * Each image is a frame of the video: its index is the image's {@code frame_index} if it has one (as
 * {@link CocoLabelsWriter} writes), else the last number in its {@code file_name} ({@code frame_000123.png},
 * {@code 123.jpg}: frame 123, counted from 0 as {@code vidprop render} names frames). Every listed image is a
 * labelled frame, with or without boxes. Crowd annotations ({@code iscrowd} 1) are left out, as COCO's
 * evaluation does not count them as misses.
 */
public final class CocoLabelsReader implements LabelsReader {
    private static final Pattern LAST_NUMBER = Pattern.compile("(\\d+)(?!.*\\d)");

    @Override
    public FrameLabels read(Path file) throws IOException {
        JsonObject root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonElement e = JsonParser.parseReader(r);
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException(file + ": not COCO JSON (expected an object with images and "
                        + "annotations)");
            }
            root = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        if (!root.has("images") || !root.get("images").isJsonArray()) {
            throw new IllegalArgumentException(file + ": not COCO JSON: no \"images\" array");
        }
        FrameLabels.Builder labels = FrameLabels.builder();
        Map<Long, Long> frameOfImage = new HashMap<>();
        Map<Long, Long> imageOfFrame = new HashMap<>();
        for (JsonElement e : root.getAsJsonArray("images")) {
            JsonObject image = e.getAsJsonObject();
            long id = required(image, "id", file, "image").getAsLong();
            long frame = frameIndex(image, file, id);
            if (frameOfImage.put(id, frame) != null) {
                throw new IllegalArgumentException(file + ": image id " + id + " is listed twice");
            }
            Long other = imageOfFrame.put(frame, id);
            if (other != null) {
                throw new IllegalArgumentException(file + ": images " + other + " and " + id + " are both frame "
                        + frame);
            }
            if (image.has("width") && image.has("height")) {
                labels.frameSize(image.get("width").getAsInt(), image.get("height").getAsInt());
            }
            labels.frame(frame);
        }
        JsonArray annotations = root.has("annotations") ? root.getAsJsonArray("annotations") : new JsonArray();
        for (JsonElement e : annotations) {
            JsonObject a = e.getAsJsonObject();
            long imageId = required(a, "image_id", file, "annotation").getAsLong();
            Long frame = frameOfImage.get(imageId);
            if (frame == null) {
                throw new IllegalArgumentException(file + ": an annotation refers to image " + imageId
                        + ", which is not in \"images\"");
            }
            if (a.has("iscrowd") && a.get("iscrowd").getAsInt() == 1) {
                continue;
            }
            JsonArray bbox = required(a, "bbox", file, "annotation").getAsJsonArray();
            if (bbox.size() != 4) {
                throw new IllegalArgumentException(file + ": an annotation of image " + imageId + " has a bbox of "
                        + bbox.size() + " numbers; COCO's is [x, y, width, height]");
            }
            float x = bbox.get(0).getAsFloat();
            float y = bbox.get(1).getAsFloat();
            labels.box(frame, x, y, x + bbox.get(2).getAsFloat(), y + bbox.get(3).getAsFloat());
        }
        return labels.build();
    }

    private static long frameIndex(JsonObject image, Path file, long id) {
        if (image.has("frame_index")) {
            return image.get("frame_index").getAsLong();
        }
        String name = image.has("file_name") ? image.get("file_name").getAsString() : "";
        String base = name.substring(name.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        Matcher m = LAST_NUMBER.matcher(dot > 0 ? base.substring(0, dot) : base);
        if (!m.find()) {
            throw new IllegalArgumentException(file + ": image " + id + " (file_name \"" + name + "\") has no "
                    + "frame number: name the images by frame index (000123.png) or give each a frame_index");
        }
        return Long.parseLong(m.group(1));
    }

    private static JsonElement required(JsonObject o, String field, Path file, String what) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            throw new IllegalArgumentException(file + ": an " + what + " has no \"" + field + "\"");
        }
        return e;
    }
}
