package io.vidprop.synth;

import io.vidprop.synth.SceneActor.Part;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.TexturePaint;
import java.awt.geom.Area;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A deterministic synthetic scene as a fixed camera sees it, of one of the configuration's {@link CameraFamily
 * families}, a share of them in low light or grey (infrared). Street scenes, described below, are what every
 * camera-style split was made of before the other families. Indoor and close-up scenes stand people (some still),
 * animals ({@link AnimalActor}) and shapes on the floor of a room ({@link RoomBackground}: walls, floor boards or
 * tiles, doors, boards, furniture), close to the camera, or, for half the close-ups, on a street scene's ground; overhead scenes look straight down on a car
 * park, a yard or a table ({@link OverheadBackground}) with cars, people, discs, sticks, boxes and hands reaching in
 * from the frame's edge ({@link OverheadActor}).
 *
 * <p>A street scene: a crop of a photograph (shipped with the jar, see
 * {@code resources/io/vidprop/synth/photos/README.md}; {@link CameraBackground}), usually overlaid by a ground plane in perspective (a
 * low-contrast photographic or paved texture that shrinks and fades towards the horizon, which may lie above the
 * frame, as for a camera looking down), large soft low-contrast regions, static clutter (poles, benches, road
 * markings), and 2 to 16 moving objects standing on the ground: people-like silhouettes (head, torso, swinging arms
 * and legs; 1:2 to 1:3.5), vehicle-like ones (side and front views, vans) and generic shapes, each scaled by its
 * distance (smaller towards the horizon), drawn far to near so nearer ones occlude, some coloured like the ground
 * behind them ({@link CameraActor}). Objects cast shadows on the ground that are not objects ({@link Shadows}). Nuisances: sensor noise, blur or a
 * low-resolution camera's softness, lighting drift, JPEG at quality 20 to 90 ({@link CameraSensor}). Frames are 4:3 or 16:9 at the
 * configuration's width. Frame i depends only on (seed, i).
 *
 * <p>Ground truth as in {@link SyntheticVideo}: the box around each object's visible pixels, for objects of which at
 * least 40% of the in-frame pixels and at least 16 pixels are visible, boxes at least 4 pixels wide and high;
 * shadows, clutter and the photograph's own content are background.
 *
 * <p>Not thread-safe (frames are rendered into reused buffers).
 */
public final class CameraScene {
    /** Mixed into the seed of the family and low-light draws, so street-only scenes draw as they always did. */
    private static final long FAMILY_SEED_MIX = 0x632BE59BD9B4E019L;

    private final long seed;
    private final SceneConfig config;
    private final int width;
    private final int height;
    private final CameraView view;
    private final BufferedImage canvas;
    private final BufferedImage ids;
    private final BufferedImage scratch;
    private final byte[] background;
    private final List<SceneActor> actors = new ArrayList<>();
    private final CameraFamily family;
    private final Shadows shadows;
    private final CameraSensor sensor;
    /** Whether the background is painted (a room, a surface from above) rather than a photograph. */
    private final boolean painted;

    public CameraScene(long seed, SceneConfig config) {
        this.seed = seed;
        this.config = config;
        Random r = new Random(seed);
        width = config.width();
        height = r.nextBoolean() ? config.height() : Math.max(32, config.width() * 3 / 4);
        canvas = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        ids = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        scratch = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);

        Random familyDraw = new Random(seed ^ FAMILY_SEED_MIX);
        family = config.cameraFamilies().pick(familyDraw);
        switch (family) {
            case STREET -> {
                // The camera: where the horizon is (above the frame when looking down), how tall a person is at the bottom.
                double look = r.nextDouble();
                double horizon;
                if (look < 0.15) {
                    horizon = -20.0 * height;  // looking straight down or a flat view: sizes barely change
                } else if (look < 0.55) {
                    horizon = -height * (0.1 + 1.4 * r.nextDouble());
                } else {
                    horizon = height * (0.05 + 0.4 * r.nextDouble());
                }
                view = view(horizon, height * 0.1 * Math.pow(6, r.nextDouble()), 1.08);
                int[] bg = CameraBackground.paint(r, view, canvas, look >= 0.15);
                painted = false;
                int count = 2 + (int) Math.floor(15 * Math.pow(r.nextDouble(), 1.3));
                List<CameraActor> people = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    CameraActor companion = i > 0 && r.nextDouble() < 0.25 ? people.get(r.nextInt(people.size())) : null;
                    CameraActor a = CameraActor.random(r, view, bg, companion);
                    people.add(a);
                    actors.add(a);
                }
            }
            case INDOOR, CLOSE_UP -> {
                boolean close = family == CameraFamily.CLOSE_UP;
                double horizon = r.nextDouble() < 0.6 ? height * (0.1 + 0.4 * r.nextDouble())
                        : -height * (0.1 + 0.8 * r.nextDouble());
                double bottom = close ? height * (0.8 + 0.8 * r.nextDouble()) : height * (0.35 + 1.0 * r.nextDouble());
                view = view(horizon, bottom, close ? 1.0 + 0.4 * r.nextDouble() : 1.08 + 0.2 * r.nextDouble());
                // Close-ups happen outdoors too: half of them over a photograph and a ground plane.
                painted = !(close && r.nextBoolean());
                int[] bg = painted ? RoomBackground.paint(r, view, canvas)
                        : CameraBackground.paint(r, view, canvas, true);
                int count = close ? 1 + r.nextInt(3) : 1 + (int) Math.floor(7 * Math.pow(r.nextDouble(), 1.5));
                List<CameraActor> people = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    if (r.nextDouble() < (close && i == 0 ? 0.4 : 0.08)) {
                        actors.add(AnimalActor.random(r, view, bg));
                        continue;
                    }
                    CameraActor companion = !close && !people.isEmpty() && r.nextDouble() < 0.2
                            ? people.get(r.nextInt(people.size())) : null;
                    CameraActor a = CameraActor.random(r, view, bg, companion, false);
                    a = r.nextDouble() < 0.35 ? a.withVelocity(0, 0) : a;
                    people.add(a);
                    actors.add(a);
                }
            }
            case OVERHEAD -> {
                view = view(-1000.0 * height, height * 0.12 * Math.pow(5, r.nextDouble()), 1.08);
                boolean table = r.nextDouble() < 0.45;
                OverheadBackground.paint(r, width, height, view.bottomHeight(), canvas, table);
                painted = true;
                int count = 1 + (int) Math.floor(10 * Math.pow(r.nextDouble(), 1.4));
                for (int i = 0; i < count; i++) {
                    actors.add(OverheadActor.random(r, width, height, table));
                }
            }
            default -> throw new IllegalStateException("family " + family);
        }
        background = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData().clone();
        shadows = family == CameraFamily.OVERHEAD ? Shadows.none() : Shadows.random(r);
        CameraSensor camera = CameraSensor.random(r);
        sensor = familyDraw.nextDouble() < config.lowLightShare() ? camera.inLowLight(familyDraw) : camera;
    }

    /**
     * A view with its horizon at row {@code horizon} where a person is {@code bottomHeight} tall at the bottom row and
     * objects stand down to {@code lowest} frame heights.
     */
    private CameraView view(double horizon, double bottomHeight, double lowest) {
        // Objects stand where a person would be at least 8 px tall.
        double minFoot = Math.max(horizon + 8 / bottomHeight * (height - horizon), -0.2 * height);
        return new CameraView(width, height, horizon, bottomHeight, minFoot, height * lowest);
    }

    /** The kind of view this scene shows. */
    public CameraFamily family() {
        return family;
    }

    public long seed() {
        return seed;
    }

    public SceneConfig config() {
        return config;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    private record Placed(SceneActor actor, double foot, List<Part> parts, Area silhouette) {}

    /** Frame {@code index} (0-based) of this scene. */
    public SyntheticFrame frame(int index) {
        byte[] pixels = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
        System.arraycopy(background, 0, pixels, 0, pixels.length);
        byte[] idPixels = ((DataBufferByte) ids.getRaster().getDataBuffer()).getData();
        Arrays.fill(idPixels, (byte) 0);

        List<Placed> placed = new ArrayList<>(actors.size());
        for (SceneActor a : actors) {
            double foot = SyntheticVideo.bounce(a.foot0() + a.vy() * index, view.minFoot(), view.maxFoot());
            double x = SyntheticVideo.bounce(a.x0() + a.vx() * index, -0.15 * width, 1.15 * width);
            double h = view.personHeight(foot) * a.heightScale();
            if (h < 2) {
                placed.add(null);
                continue;
            }
            List<Part> parts = a.parts(x, foot, h, index);
            Area silhouette = new Area();
            for (Part p : parts) {
                silhouette.add(new Area(p.shape()));
            }
            placed.add(new Placed(a, foot, parts, silhouette));
        }
        Integer[] order = new Integer[placed.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Double.compare(placed.get(p) == null ? 0 : placed.get(p).foot,
                placed.get(q) == null ? 0 : placed.get(q).foot));

        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        if (shadows.cast()) {
            for (Placed p : placed) {
                if (p != null) {
                    shadows.draw(g, p.silhouette, p.foot);
                }
            }
        }
        Graphics2D gi = ids.createGraphics();
        for (int k : order) {
            Placed p = placed.get(k);
            if (p == null) {
                continue;
            }
            for (Part part : p.parts) {
                if (part.paint() instanceof TexturePaint t) {
                    g.setPaint(t);
                } else {
                    g.setColor((Color) part.paint());
                }
                g.fill(part.shape());
            }
            gi.setColor(new Color(k + 1, k + 1, k + 1));
            gi.fill(p.silhouette);
        }
        g.dispose();
        gi.dispose();

        List<float[]> truth = groundTruth(placed, idPixels);

        BufferedImage image = sensor.capture(canvas, index, new Random(seed * 0x9E3779B97F4A7C15L + index));
        float[] flat = new float[4 * truth.size()];
        int[] identities = new int[truth.size()];
        for (int i = 0; i < truth.size(); i++) {
            System.arraycopy(truth.get(i), 0, flat, 4 * i, 4);
            identities[i] = (int) truth.get(i)[4];
        }
        return new SyntheticFrame(index, Images.toRgb(image), flat, identities, painted);
    }

    /** Boxes around each object's visible pixels, for objects enough of whose in-frame pixels show. */
    private List<float[]> groundTruth(List<Placed> placed, byte[] idPixels) {
        int n = placed.size() + 1;
        int[] visible = new int[n];
        int[] minX = new int[n];
        int[] minY = new int[n];
        int[] maxX = new int[n];
        int[] maxY = new int[n];
        Arrays.fill(minX, Integer.MAX_VALUE);
        Arrays.fill(minY, Integer.MAX_VALUE);
        for (int y = 0, p = 0; y < height; y++) {
            for (int x = 0; x < width; x++, p++) {
                int id = idPixels[p] & 0xff;
                if (id == 0) {
                    continue;
                }
                visible[id]++;
                minX[id] = Math.min(minX[id], x);
                maxX[id] = Math.max(maxX[id], x);
                minY[id] = Math.min(minY[id], y);
                maxY[id] = Math.max(maxY[id], y);
            }
        }
        byte[] scratchPixels = ((DataBufferByte) scratch.getRaster().getDataBuffer()).getData();
        Rectangle frame = new Rectangle(0, 0, width, height);
        List<float[]> truth = new ArrayList<>();
        for (int k = 0; k < placed.size(); k++) {
            int id = k + 1;
            if (placed.get(k) == null || visible[id] < SyntheticVideo.MIN_VISIBLE_PIXELS) {
                continue;
            }
            float x1 = minX[id];
            float y1 = minY[id];
            float x2 = maxX[id] + 1;
            float y2 = maxY[id] + 1;
            if (x2 - x1 < 4 || y2 - y1 < 4) {
                continue;
            }
            // The object's own in-frame pixels, drawn alone.
            Area s = placed.get(k).silhouette;
            Rectangle r = s.getBounds().intersection(frame);
            if (r.isEmpty()) {
                continue;
            }
            for (int y = r.y; y < r.y + r.height; y++) {
                Arrays.fill(scratchPixels, y * width + r.x, y * width + r.x + r.width, (byte) 0);
            }
            Graphics2D gs = scratch.createGraphics();
            gs.setColor(Color.WHITE);
            gs.fill(s);
            gs.dispose();
            int own = 0;
            for (int y = r.y; y < r.y + r.height; y++) {
                for (int x = r.x, p = y * width + r.x; x < r.x + r.width; x++, p++) {
                    if (scratchPixels[p] != 0) {
                        own++;
                    }
                }
            }
            if (visible[id] >= SyntheticVideo.MIN_VISIBLE_FRACTION * own) {
                truth.add(new float[] {x1, y1, x2, y2, id});
            }
        }
        return truth;
    }
}
