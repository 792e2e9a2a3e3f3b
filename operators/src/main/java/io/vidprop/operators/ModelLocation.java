package io.vidprop.operators;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;

/**
 * Where a camera's model is: a local path (a mount every task manager has), a {@code file:} URI, or a URI of any file
 * system Flink reads ({@code hdfs:}, {@code s3:}, ... with its plugin), whose directory is copied to a local temporary
 * directory first, since the engines load models from local files.
 *
 * @param local the model's local path: the directory, model.json or network file as given, or the copy
 * @param copy the temporary copy to delete once the model is closed; null when the model was read in place
 */
record ModelLocation(Path local, Path copy) {
    /** A URI scheme of two or more characters (one would be a Windows drive letter). */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");
    /** Model directories hold a configuration and a network file: anything much larger is not one. */
    static final int MAX_FILES = 64;

    /** Whether the model is on a file system other than the local one, so it is copied before it loads. */
    static boolean remote(String pathOrUri) {
        return SCHEME.matcher(pathOrUri).matches() && !pathOrUri.regionMatches(true, 0, "file:", 0, 5);
    }

    /** The local path of a model that is not {@link #remote}: the path, or the {@code file:} URI's. */
    static Path localPath(String pathOrUri) {
        return SCHEME.matcher(pathOrUri).matches() ? Path.of(URI.create(pathOrUri)) : Path.of(pathOrUri);
    }

    /** The model's local path, its directory copied first when it is {@link #remote}. */
    static ModelLocation of(String pathOrUri) throws IOException {
        if (!remote(pathOrUri)) {
            return new ModelLocation(localPath(pathOrUri), null);
        }
        URI uri = URI.create(pathOrUri);
        Path copy = Files.createTempDirectory("vidprop-model-");
        try {
            copyDirectory(uri, copy);
            return new ModelLocation(copy, copy);
        } catch (IOException | RuntimeException e) {
            delete(copy);
            throw e;
        }
    }

    /** Copies the files of the model directory at {@code uri} (not its subdirectories) into {@code target}. */
    static void copyDirectory(URI uri, Path target) throws IOException {
        org.apache.flink.core.fs.Path dir = new org.apache.flink.core.fs.Path(uri);
        FileSystem fs = dir.getFileSystem();
        if (!fs.getFileStatus(dir).isDir()) {
            throw new IOException(uri + " is not a directory (a model on a remote file system is given as its"
                    + " directory)");
        }
        FileStatus[] files = fs.listStatus(dir);
        if (files == null || files.length > MAX_FILES) {
            throw new IOException(uri + ": " + (files == null ? "cannot be listed" : files.length
                    + " entries, more than a model directory's " + MAX_FILES));
        }
        for (FileStatus f : files) {
            if (f.isDir()) {
                continue;
            }
            try (InputStream in = fs.open(f.getPath())) {
                Files.copy(in, target.resolve(f.getPath().getName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Deletes the copy, if any; a failure is not worth more than a leftover temporary directory. */
    void deleteCopy() {
        if (copy != null) {
            delete(copy);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // Left in the temporary directory.
        }
    }
}
