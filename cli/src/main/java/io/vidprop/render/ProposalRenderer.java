package io.vidprop.render;

import io.vidprop.demo.Annotator;
import io.vidprop.demo.VideoWriter;
import io.vidprop.kafka.ProposalRecord;
import io.vidprop.video.VideoFileReader;
import io.vidprop.video.VideoFrame;
import io.vidprop.video.VideoRange;
import io.vidprop.video.VideoSource;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * Draws proposal records on the frames of the video they came from (matched by sequence number, which replay and
 * batch take from the frame's index in the file) with the demo's {@link Annotator}, into a directory of PNG frames or
 * a video file (.mp4, .mkv, .avi). Frames without a record are left out and counted.
 */
public final class ProposalRenderer {
    private final Annotator annotator;
    private final int top;
    private final PrintStream out;

    public ProposalRenderer(int top, PrintStream out) {
        if (top <= 0) {
            throw new IllegalArgumentException("--top must be positive, got " + top);
        }
        this.annotator = new Annotator(top);
        this.top = top;
        this.out = out;
    }

    /** What was written. */
    public record Summary(int framesDrawn, int framesWithoutRecord) {}

    /**
     * Renders the records of {@code camera} (null: the only camera in the records, or the one named after the
     * video file) onto {@code video}'s frames.
     */
    public Summary render(List<ProposalRecord> records, Path video, String camera, Path target) throws Exception {
        String cam = chooseCamera(records, video, camera);
        Map<Long, ProposalRecord> bySequence = ProposalRecords.bySequence(records, cam);
        boolean toVideo = isVideoFile(target);
        if (!toVideo) {
            Files.createDirectories(target);
        }
        int drawn = 0;
        int missing = 0;
        VideoWriter writer = null;
        try (VideoFileReader reader = VideoFileReader.open(video, VideoRange.ALL, 0L)) {
            VideoFrame f;
            while ((f = reader.next()) != null) {
                ProposalRecord r = bySequence.get(f.index());
                if (r == null) {
                    missing++;
                    continue;
                }
                if (r.width != f.image().width() || r.height != f.image().height()) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "%s: frame %d is %dx%d but its proposal record is for a %dx%d frame: wrong video?", video,
                            f.index(), f.image().width(), f.image().height(), r.width, r.height));
                }
                BufferedImage image = annotator.draw(f.image(), r.proposals, String.format(Locale.ROOT,
                        "%s #%d  top %d of %d proposals", cam, f.index(), Math.min(top, r.proposals.length),
                        r.proposals.length));
                if (toVideo) {
                    if (writer == null) {
                        Path parent = target.toAbsolutePath().getParent();
                        if (parent != null) {
                            Files.createDirectories(parent);
                        }
                        double fps = reader.frameRate() > 0 ? reader.frameRate() : 25;
                        writer = new VideoWriter(target, image.getWidth(), image.getHeight(), fps);
                    }
                    writer.write(image);
                } else {
                    ImageIO.write(image, "png", target.resolve(String.format("%06d.png", f.index())).toFile());
                }
                drawn++;
            }
        } finally {
            if (writer != null) {
                writer.close();
            }
        }
        if (drawn == 0) {
            throw new IllegalStateException("no proposal record of camera " + cam + " matches a frame of " + video
                    + " (" + bySequence.size() + " records of that camera)");
        }
        out.printf("%d annotated frames of %s (camera %s) in %s; %d frames had no proposal record%n", drawn, video,
                cam, target, missing);
        return new Summary(drawn, missing);
    }

    private static String chooseCamera(List<ProposalRecord> records, Path video, String camera) {
        TreeSet<String> cameras = new TreeSet<>();
        records.forEach(r -> cameras.add(r.cameraId));
        if (cameras.isEmpty()) {
            throw new IllegalArgumentException("no proposal records to draw");
        }
        if (camera != null) {
            if (!cameras.contains(camera)) {
                throw new IllegalArgumentException("no proposal records of camera " + camera + "; cameras: " + cameras);
            }
            return camera;
        }
        if (cameras.size() == 1) {
            return cameras.first();
        }
        String stem = VideoSource.stem(video);
        if (cameras.contains(stem)) {
            return stem;
        }
        throw new IllegalArgumentException("the records hold several cameras " + cameras + "; choose one with --camera");
    }

    static boolean isVideoFile(Path target) {
        String name = target.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".mp4") || name.endsWith(".mkv") || name.endsWith(".avi");
    }
}
