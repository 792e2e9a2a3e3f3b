package io.vidprop.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Writes synthetic frames with their ground-truth boxes drawn, for a person to look at: OUT_DIR [SEED] [COUNT] [STYLE]
 * [FAMILIES] [LOW_LIGHT_SHARE] (style classic, camera or mixed, default classic; families as {@link CameraFamilies#parse},
 * default street only).
 */
public final class SynthPreview {
    private SynthPreview() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: SynthPreview OUT_DIR [SEED] [COUNT] [classic|camera|mixed] [FAMILIES] [LOW_LIGHT_SHARE]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        Files.createDirectories(out);
        SceneStyle style = args.length > 3 ? SceneStyle.valueOf(args[3].toUpperCase(java.util.Locale.ROOT))
                : SceneStyle.CLASSIC;
        SceneConfig config = SceneConfig.builder().framesPerScene(4).style(style)
                .cameraFamilies(args.length > 4 ? CameraFamilies.parse(args[4]) : CameraFamilies.STREET_ONLY)
                .lowLightShare(args.length > 5 ? Double.parseDouble(args[5]) : 0).build();
        SyntheticDataset data = new SyntheticDataset(seed, config);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            SyntheticFrame f = data.frame(SyntheticDataset.Split.TRAIN, i);
            BufferedImage img = Images.toBufferedImage(f.image());
            Graphics2D g = img.createGraphics();
            g.setColor(Color.GREEN);
            g.setStroke(new BasicStroke(2));
            for (int b = 0; b < f.objectCount(); b++) {
                float[] x = f.boxes();
                g.drawRect((int) x[4 * b], (int) x[4 * b + 1], (int) (x[4 * b + 2] - x[4 * b]),
                        (int) (x[4 * b + 3] - x[4 * b + 1]));
            }
            g.dispose();
            ImageIO.write(img, "png", out.resolve(String.format("frame-%03d.png", i)).toFile());
        }
        System.out.printf("%d frames in %s (%.1f ms per frame incl. PNG writing)%n", count, out,
                (System.nanoTime() - t0) / 1e6 / count);
    }
}
