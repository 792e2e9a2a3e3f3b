package io.vidprop.video;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** A video file and the camera its frames are attributed to. */
public record VideoSource(Path file, String cameraId) implements java.io.Serializable {
    static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "m4v", "mov", "mkv", "webm", "avi", "ts", "mts",
            "m2ts", "mpg", "mpeg", "flv", "wmv", "3gp", "mjpeg", "h264", "h265", "hevc", "ivf");

    /**
     * Pairs files (directories stand for the video files in them, by name) with cameras: one camera per file, in
     * order, or none to name each camera after its file (name without extension). Camera ids must be unique, since
     * sequence numbers are per camera.
     */
    public static List<VideoSource> of(List<Path> filesOrDirs, List<String> cameras) throws java.io.IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : filesOrDirs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    List<Path> videos = s.filter(f -> Files.isRegularFile(f) && isVideo(f)).sorted().toList();
                    if (videos.isEmpty()) {
                        throw new IllegalArgumentException(p + ": no video files in this directory");
                    }
                    files.addAll(videos);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new IllegalArgumentException(p + ": no such video file or directory");
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no video files given");
        }
        if (cameras != null && !cameras.isEmpty() && cameras.size() != files.size()) {
            throw new IllegalArgumentException("give one --camera per video file (" + files.size() + " files, "
                    + cameras.size() + " cameras), or none to name cameras after the files");
        }
        List<VideoSource> sources = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String camera = cameras == null || cameras.isEmpty() ? stem(files.get(i)) : cameras.get(i);
            if (camera.isBlank()) {
                throw new IllegalArgumentException("camera ids must not be blank");
            }
            for (VideoSource s : sources) {
                if (s.cameraId().equals(camera)) {
                    throw new IllegalArgumentException("camera '" + camera + "' is given to both " + s.file() + " and "
                            + files.get(i) + "; each file needs its own camera (--camera)");
                }
            }
            sources.add(new VideoSource(files.get(i), camera));
        }
        return sources;
    }

    public static boolean isVideo(Path f) {
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && VIDEO_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    public static String stem(Path f) {
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
