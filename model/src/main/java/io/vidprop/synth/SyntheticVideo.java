package io.vidprop.synth;

import io.vidprop.image.RgbImage;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.TexturePaint;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.DataBufferByte;
import java.awt.image.Kernel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A deterministic synthetic video: several objects (rectangles, ellipses, polygons, textured patches; small to most
 * of the frame; aspect ratios within the configured range) moving over a textured, cluttered background, with
 * occlusion, sensor noise, blur, lighting drift and JPEG artefacts. Frame i depends only on (seed, i).
 *
 * <p>Ground truth: the box around each object's visible pixels (what is not hidden by objects in front or cut by the
 * frame), for objects of which at least 40% of the in-frame area and at least 16 pixels are visible and whose box
 * is at least 4 pixels wide and high.
 *
 * <p>Not thread-safe (frames are rendered into reused buffers).
 */
public final class SyntheticVideo {
    static final double MIN_VISIBLE_FRACTION = 0.4;
    static final int MIN_VISIBLE_PIXELS = 16;
    private static final int NOISE_TABLE = 1 << 16;

    private final long seed;
    private final SceneConfig config;
    private final byte[] background;
    private final List<SceneObject> objects = new ArrayList<>();
    private final byte[] noise;
    private final boolean blurred;
    private final double lightPhase;
    private final double lightPeriod;
    private final BufferedImage canvas;
    private final BufferedImage ids;

    private enum Kind { RECTANGLE, ELLIPSE, POLYGON, TEXTURED }

    private record SceneObject(Kind kind, double w, double h, double x0, double y0, double vx, double vy,
            double pulse, double pulsePhase, Color color, TexturePaint texture, double[] polygon, double area) {}

    public SyntheticVideo(long seed, SceneConfig config) {
        this.seed = seed;
        this.config = config;
        Random r = new Random(seed);
        int w = config.width();
        int h = config.height();
        canvas = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        ids = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        paintBackground(r);
        background = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData().clone();
        int count = config.minObjects() + r.nextInt(config.maxObjects() - config.minObjects() + 1);
        for (int i = 0; i < count; i++) {
            objects.add(newObject(r));
        }
        noise = new byte[NOISE_TABLE];
        for (int i = 0; i < NOISE_TABLE; i++) {
            noise[i] = (byte) Math.max(-127, Math.min(127, Math.round(r.nextGaussian() * config.noiseSigma())));
        }
        blurred = r.nextDouble() < config.blurProbability();
        lightPhase = r.nextDouble() * 2 * Math.PI;
        lightPeriod = 20 + r.nextInt(60);
    }

    public long seed() {
        return seed;
    }

    public SceneConfig config() {
        return config;
    }

    private void paintBackground(Random r) {
        int w = config.width();
        int h = config.height();
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, randomColor(r, 40, 200), w, h, randomColor(r, 40, 200)));
        g.fillRect(0, 0, w, h);
        // Clutter: faint lines, small blobs and a large low-contrast pattern, none of them an object.
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.25f));
        g.setPaint(texture(r, 40 + r.nextInt(80)));
        g.fillRect(0, 0, w, h);
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.35f));
        int side = Math.min(w, h);
        for (int i = 0; i < 30; i++) {
            g.setColor(randomColor(r, 0, 255));
            g.setStroke(new BasicStroke(1 + r.nextInt(3)));
            g.drawLine(r.nextInt(w), r.nextInt(h), r.nextInt(w), r.nextInt(h));
        }
        for (int i = 0; i < 25; i++) {
            g.setColor(randomColor(r, 0, 255));
            int s = 2 + r.nextInt(Math.max(3, (int) (side * config.minObjectSize() * 0.4)));
            g.fillOval(r.nextInt(w), r.nextInt(h), s, s + r.nextInt(s));
        }
        g.dispose();
    }

    private SceneObject newObject(Random r) {
        int w = config.width();
        int h = config.height();
        double side = Math.min(w, h);
        // Log-uniform size so small and large objects are equally common.
        double size = side * config.minObjectSize()
                * Math.pow(config.maxObjectSize() / config.minObjectSize(), r.nextDouble());
        double aspect = Math.pow(config.maxAspectRatio(), 2 * r.nextDouble() - 1);
        double bw = Math.min(w, size * Math.sqrt(aspect));
        double bh = Math.min(h, size / Math.sqrt(aspect));
        Kind kind = Kind.values()[r.nextInt(Kind.values().length)];
        double[] polygon = null;
        double area = bw * bh;
        if (kind == Kind.POLYGON) {
            polygon = polygon(r);
            area = bw * bh * polygonArea(polygon);
        } else if (kind == Kind.ELLIPSE) {
            area = Math.PI / 4 * bw * bh;
        }
        double speed = side * (0.002 + 0.02 * r.nextDouble());
        double angle = r.nextDouble() * 2 * Math.PI;
        return new SceneObject(kind, bw, bh, r.nextDouble() * (w - bw * 0.7) - bw * 0.15,
                r.nextDouble() * (h - bh * 0.7) - bh * 0.15, speed * Math.cos(angle), speed * Math.sin(angle),
                0.1 * r.nextDouble(), r.nextDouble() * 2 * Math.PI, randomColor(r, 0, 255),
                kind == Kind.TEXTURED ? texture(r, 4 + r.nextInt(20)) : null, polygon, area);
    }

    /** A random star-shaped polygon in the unit square touching all four sides (so its bounds are the box). */
    static double[] polygon(Random r) {
        int n = 5 + r.nextInt(6);
        double[] pts = new double[2 * n];
        double minX = 1;
        double maxX = 0;
        double minY = 1;
        double maxY = 0;
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * (i + 0.3 * r.nextDouble()) / n;
            double radius = 0.5 * (0.45 + 0.55 * r.nextDouble());
            pts[2 * i] = 0.5 + radius * Math.cos(a);
            pts[2 * i + 1] = 0.5 + radius * Math.sin(a);
            minX = Math.min(minX, pts[2 * i]);
            maxX = Math.max(maxX, pts[2 * i]);
            minY = Math.min(minY, pts[2 * i + 1]);
            maxY = Math.max(maxY, pts[2 * i + 1]);
        }
        for (int i = 0; i < n; i++) {
            pts[2 * i] = (pts[2 * i] - minX) / (maxX - minX);
            pts[2 * i + 1] = (pts[2 * i + 1] - minY) / (maxY - minY);
        }
        return pts;
    }

    private static double polygonArea(double[] p) {
        double a = 0;
        int n = p.length / 2;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            a += p[2 * i] * p[2 * j + 1] - p[2 * j] * p[2 * i + 1];
        }
        return Math.abs(a) / 2;
    }

    private static Color randomColor(Random r, int lo, int hi) {
        return new Color(lo + r.nextInt(hi - lo + 1), lo + r.nextInt(hi - lo + 1), lo + r.nextInt(hi - lo + 1));
    }

    /** Stripes, a checkerboard or blotchy noise, tiled. */
    private static TexturePaint texture(Random r, int cell) {
        BufferedImage tile = new BufferedImage(2 * cell, 2 * cell, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = tile.createGraphics();
        Color a = randomColor(r, 0, 255);
        Color b = randomColor(r, 0, 255);
        g.setColor(a);
        g.fillRect(0, 0, 2 * cell, 2 * cell);
        g.setColor(b);
        switch (r.nextInt(3)) {
            case 0 -> {
                g.fillRect(0, 0, cell, 2 * cell);
            }
            case 1 -> {
                g.fillRect(0, 0, cell, cell);
                g.fillRect(cell, cell, cell, cell);
            }
            default -> {
                for (int i = 0; i < 6; i++) {
                    int s = 1 + r.nextInt(cell);
                    g.fillOval(r.nextInt(2 * cell), r.nextInt(2 * cell), s, s);
                }
            }
        }
        g.dispose();
        return new TexturePaint(tile, new Rectangle2D.Double(0, 0, 2 * cell, 2 * cell));
    }

    /** Frame {@code index} (0-based) of this video. */
    public SyntheticFrame frame(int index) {
        int w = config.width();
        int h = config.height();
        byte[] pixels = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
        System.arraycopy(background, 0, pixels, 0, pixels.length);
        byte[] idPixels = ((DataBufferByte) ids.getRaster().getDataBuffer()).getData();
        java.util.Arrays.fill(idPixels, (byte) 0);

        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Graphics2D gi = ids.createGraphics();
        double[][] boxes = new double[objects.size()][];
        for (int k = 0; k < objects.size(); k++) {
            SceneObject o = objects.get(k);
            double scale = 1 + o.pulse * Math.sin(index * 0.1 + o.pulsePhase);
            double bw = o.w * scale;
            double bh = o.h * scale;
            double x = bounce(o.x0 + o.vx * index, -0.15 * bw, w - 0.85 * bw);
            double y = bounce(o.y0 + o.vy * index, -0.15 * bh, h - 0.85 * bh);
            Shape shape = shape(o, x, y, bw, bh);
            if (o.texture != null) {
                g.setPaint(o.texture);
            } else {
                g.setColor(o.color);
            }
            g.fill(shape);
            gi.setColor(new Color(k + 1, k + 1, k + 1));
            gi.fill(shape);
            boxes[k] = new double[] {x, y, x + bw, y + bh};
        }
        g.dispose();
        gi.dispose();

        // Visible extent of each object from the id map: its box is what a person would draw around what shows.
        int n = objects.size() + 1;
        int[] visible = new int[n];
        int[] minX = new int[n];
        int[] minY = new int[n];
        int[] maxX = new int[n];
        int[] maxY = new int[n];
        java.util.Arrays.fill(minX, Integer.MAX_VALUE);
        java.util.Arrays.fill(minY, Integer.MAX_VALUE);
        for (int y = 0, p = 0; y < h; y++) {
            for (int x = 0; x < w; x++, p++) {
                int id = idPixels[p] & 0xff;
                if (id == 0) {
                    continue;
                }
                visible[id]++;
                if (x < minX[id]) {
                    minX[id] = x;
                }
                if (x > maxX[id]) {
                    maxX[id] = x;
                }
                if (y < minY[id]) {
                    minY[id] = y;
                }
                if (y > maxY[id]) {
                    maxY[id] = y;
                }
            }
        }
        List<float[]> truth = new ArrayList<>();
        for (int k = 0; k < objects.size(); k++) {
            int id = k + 1;
            if (visible[id] == 0) {
                continue;
            }
            float x1 = minX[id];
            float y1 = minY[id];
            float x2 = maxX[id] + 1;
            float y2 = maxY[id] + 1;
            if (x2 - x1 < 4 || y2 - y1 < 4) {
                continue;
            }
            double inFrameW = Math.min(w, boxes[k][2]) - Math.max(0, boxes[k][0]);
            double inFrameH = Math.min(h, boxes[k][3]) - Math.max(0, boxes[k][1]);
            double shapeFraction = objects.get(k).area / (objects.get(k).w * objects.get(k).h);
            double inFrameArea = shapeFraction * Math.max(0, inFrameW) * Math.max(0, inFrameH);
            if (visible[id] >= MIN_VISIBLE_PIXELS && visible[id] >= MIN_VISIBLE_FRACTION * inFrameArea) {
                truth.add(new float[] {x1, y1, x2, y2, id});
            }
        }

        Random fr = new Random(seed * 0x9E3779B97F4A7C15L + index);
        BufferedImage image = blurred ? blur(canvas) : canvas;
        byte[] out = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        double gain = 1 + config.lightingDrift() * Math.sin(2 * Math.PI * index / lightPeriod + lightPhase);
        int offset = fr.nextInt(NOISE_TABLE);
        for (int i = 0; i < out.length; i++) {
            int v = (int) ((out[i] & 0xff) * gain) + noise[(offset + i) & (NOISE_TABLE - 1)];
            out[i] = (byte) (v < 0 ? 0 : v > 255 ? 255 : v);
        }
        if (config.maxJpegQuality() < 100) {
            int q = config.minJpegQuality() + fr.nextInt(config.maxJpegQuality() - config.minJpegQuality() + 1);
            image = jpegRoundTrip(image, q);
        }
        float[] flat = new float[4 * truth.size()];
        int[] identities = new int[truth.size()];
        for (int i = 0; i < truth.size(); i++) {
            System.arraycopy(truth.get(i), 0, flat, 4 * i, 4);
            identities[i] = (int) truth.get(i)[4];
        }
        return new SyntheticFrame(index, Images.toRgb(image), flat, identities, true);
    }

    private static Shape shape(SceneObject o, double x, double y, double bw, double bh) {
        return switch (o.kind) {
            case RECTANGLE -> new Rectangle2D.Double(x, y, bw, bh);
            case ELLIPSE -> new Ellipse2D.Double(x, y, bw, bh);
            case TEXTURED -> o.pulsePhase > Math.PI ? new Ellipse2D.Double(x, y, bw, bh)
                    : new Rectangle2D.Double(x, y, bw, bh);
            case POLYGON -> {
                Polygon p = new Polygon();
                for (int i = 0; i < o.polygon.length / 2; i++) {
                    p.addPoint((int) Math.round(x + o.polygon[2 * i] * bw), (int) Math.round(y + o.polygon[2 * i + 1] * bh));
                }
                yield AffineTransform.getTranslateInstance(0, 0).createTransformedShape(p);
            }
        };
    }

    /** Reflects a coordinate moving without bound back and forth inside [lo, hi]. */
    static double bounce(double v, double lo, double hi) {
        double span = hi - lo;
        if (span <= 0) {
            return lo;
        }
        double t = (v - lo) % (2 * span);
        if (t < 0) {
            t += 2 * span;
        }
        return lo + (t <= span ? t : 2 * span - t);
    }

    static BufferedImage blur(BufferedImage src) {
        float[] k = new float[9];
        java.util.Arrays.fill(k, 1f / 9);
        return new ConvolveOp(new Kernel(3, 3, k), ConvolveOp.EDGE_NO_OP, null).filter(src, null);
    }

    static BufferedImage jpegRoundTrip(BufferedImage image, int quality) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam p = writer.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(quality / 100f);
                writer.write(null, new IIOImage(image, null, null), p);
            } finally {
                writer.dispose();
            }
            return ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
