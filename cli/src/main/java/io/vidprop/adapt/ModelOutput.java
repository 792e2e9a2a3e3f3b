package io.vidprop.adapt;

import io.vidprop.cli.FileTrees;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.core.fs.FileSystem;

/**
 * Where {@code vidprop adapt} writes a model: a local directory, a {@code file:} URI, or the URI of a directory on
 * any file system Flink writes ({@code hdfs:}, {@code s3:}, ... with its plugin). A remote model is written to a local
 * temporary directory first and its files are then copied there ({@link #publish}). {@link #location} is what a
 * camera's {@code model} setting names: the directory's absolute path, or the URI.
 */
public final class ModelOutput {
    /** A URI scheme of two or more characters (one would be a Windows drive letter). */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

    private final String location;
    private final Path local;
    private final URI remote;

    private ModelOutput(String location, Path local, URI remote) {
        this.location = location;
        this.local = local;
        this.remote = remote;
    }

    /** {@code --out} as given: a path, a {@code file:} URI or a remote directory's URI. */
    public static ModelOutput of(String pathOrUri) throws IOException {
        if (SCHEME.matcher(pathOrUri).matches()) {
            URI uri = URI.create(pathOrUri);
            if (uri.getScheme().toLowerCase(Locale.ROOT).equals("file")) {
                Path p = Path.of(uri).toAbsolutePath().normalize();
                return new ModelOutput(p.toUri().toString(), p, null);
            }
            String s = pathOrUri.endsWith("/") ? pathOrUri.substring(0, pathOrUri.length() - 1) : pathOrUri;
            return new ModelOutput(s, Files.createTempDirectory("vidprop-adapt-"), URI.create(s));
        }
        Path p = Path.of(pathOrUri).toAbsolutePath().normalize();
        return new ModelOutput(p.toString(), p, null);
    }

    /** A subdirectory, named {@code name} (a {@link CameraDirectories} name). */
    public ModelOutput child(String name) {
        if (remote != null) {
            return new ModelOutput(location + "/" + name, local.resolve(name), URI.create(location + "/" + name));
        }
        Path p = local.resolve(name);
        return new ModelOutput(location.startsWith("file:") ? p.toUri().toString() : p.toString(), p, null);
    }

    /** Where the model is written on this machine. */
    public Path local() {
        return local;
    }

    /** The model's path or URI, as the task managers are to read it. */
    public String location() {
        return location;
    }

    public boolean isRemote() {
        return remote != null;
    }

    /** Copies the model directory's files to the remote directory (nothing to do for a local one). */
    public void publish() throws IOException {
        if (remote == null) {
            return;
        }
        org.apache.flink.core.fs.Path dir = new org.apache.flink.core.fs.Path(remote);
        FileSystem fs = dir.getFileSystem();
        fs.mkdirs(dir);
        List<Path> files;
        try (Stream<Path> s = Files.list(local)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            try (OutputStream out = fs.create(new org.apache.flink.core.fs.Path(dir, f.getFileName().toString()),
                    FileSystem.WriteMode.OVERWRITE)) {
                Files.copy(f, out);
            }
        }
    }

    /** Deletes the local copy of a remote model (a local model stays, it is the model). */
    public void deleteLocalCopy() {
        if (remote == null) {
            return;
        }
        try {
            FileTrees.deleteRecursively(local);
        } catch (IOException | RuntimeException e) {
            // Left in the temporary directory.
        }
    }
}
