package io.vidprop.batch;

import io.vidprop.video.VideoSource;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Lists the video files of an archive through Flink's {@link FileSystem} (local paths, file://, and s3://, hdfs://,
 * gs://... with the cluster's file system plugins): files as given, directories recursively (video files by
 * extension), and glob patterns ({@code *} within a name, {@code **} across directories, {@code ?}, {@code [..]},
 * {@code {a,b}}). A file's camera is its path below the directory or pattern root without the extension
 * ({@code cam-1/2026-01-01T00.mp4} is camera {@code cam-1/2026-01-01T00}), or its name without the extension when
 * given alone, or the id given for it; each file must get a camera of its own.
 */
final class ArchiveListing {
    /** A video file of the archive and the camera its frames are attributed to. */
    record ArchiveFile(String location, String cameraId) implements java.io.Serializable {}

    private ArchiveListing() {}

    /**
     * @param cameras one camera id per input, each then a single file; empty to name cameras after the files
     */
    static List<ArchiveFile> list(List<String> inputs, List<String> cameras) throws IOException {
        if (!cameras.isEmpty() && cameras.size() != inputs.size()) {
            throw new IllegalArgumentException("give one --camera per --video file (" + inputs.size() + " inputs, "
                    + cameras.size() + " cameras), or none to name cameras after the files");
        }
        Map<String, ArchiveFile> byCamera = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            String input = inputs.get(i);
            List<ArchiveFile> files = list(input);
            if (!cameras.isEmpty()) {
                if (files.size() != 1 || isGlob(input) || !files.get(0).location().equals(new Path(input).toString())) {
                    throw new IllegalArgumentException("--camera names the camera of one file; " + input
                            + " is not a single video file");
                }
                files = List.of(new ArchiveFile(files.get(0).location(), cameras.get(i)));
            }
            for (ArchiveFile f : files) {
                ArchiveFile other = byCamera.putIfAbsent(f.cameraId(), f);
                if (other != null) {
                    throw new IllegalArgumentException("camera '" + f.cameraId() + "' is given to both "
                            + other.location() + " and " + f.location() + "; each file needs its own camera "
                            + "(sequence numbers are per camera): name them with --camera, or list their directories "
                            + "from a common root");
                }
            }
        }
        return new ArrayList<>(byCamera.values());
    }

    private static List<ArchiveFile> list(String input) throws IOException {
        if (isGlob(input)) {
            return glob(input);
        }
        Path path = new Path(input);
        FileSystem fs = path.getFileSystem();
        if (!fs.exists(path)) {
            throw new IllegalArgumentException(input + ": no such video file or directory");
        }
        FileStatus status = fs.getFileStatus(path);
        if (!status.isDir()) {
            return List.of(new ArchiveFile(path.toString(), VideoSource.stem(java.nio.file.Path.of(path.getName()))));
        }
        List<ArchiveFile> out = new ArrayList<>();
        walk(fs, path, "", out, null);
        if (out.isEmpty()) {
            throw new IllegalArgumentException(input + ": no video files in this directory or below it");
        }
        return out;
    }

    /** The files below the pattern's fixed leading directories whose path below them matches the rest. */
    private static List<ArchiveFile> glob(String input) throws IOException {
        String[] parts = input.split("/", -1);
        int fixed = 0;
        while (fixed < parts.length - 1 && !isGlob(parts[fixed])) {
            fixed++;
        }
        String root = String.join("/", java.util.Arrays.copyOfRange(parts, 0, fixed));
        String pattern = String.join("/", java.util.Arrays.copyOfRange(parts, fixed, parts.length));
        Path rootPath = new Path(root.isEmpty() ? "." : root);
        FileSystem fs = rootPath.getFileSystem();
        if (!fs.exists(rootPath)) {
            throw new IllegalArgumentException(input + ": no such directory " + rootPath);
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        List<ArchiveFile> out = new ArrayList<>();
        walk(fs, rootPath, "", out, matcher);
        if (out.isEmpty()) {
            throw new IllegalArgumentException(input + ": matches no video file");
        }
        return out;
    }

    private static void walk(FileSystem fs, Path dir, String below, List<ArchiveFile> out, PathMatcher matcher)
            throws IOException {
        FileStatus[] children = fs.listStatus(dir);
        if (children == null) {
            return;
        }
        java.util.Arrays.sort(children, Comparator.comparing(s -> s.getPath().getName()));
        for (FileStatus child : children) {
            String name = child.getPath().getName();
            if (name.startsWith(".") || name.startsWith("_")) {
                continue; // hidden and in-progress files, as Flink's file source skips them
            }
            String relative = below.isEmpty() ? name : below + "/" + name;
            if (child.isDir()) {
                walk(fs, child.getPath(), relative, out, matcher);
            } else if (matcher != null ? matcher.matches(java.nio.file.Path.of(relative))
                    : VideoSource.isVideo(java.nio.file.Path.of(name))) {
                int dot = relative.lastIndexOf('.');
                String camera = dot > relative.lastIndexOf('/') + 1 ? relative.substring(0, dot) : relative;
                out.add(new ArchiveFile(child.getPath().toString(), camera));
            }
        }
    }

    static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }
}
