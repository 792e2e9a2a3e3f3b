package io.vidprop.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Copies testkit's fixture files (resources beside this class) to files, for code that reads paths. */
final class TestResources {
    private TestResources() {}

    static Path copy(String name, Path to) throws IOException {
        try (InputStream in = TestResources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("testkit resource io/vidprop/testing/" + name + " is missing");
            }
            Path parent = to.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
        return to;
    }
}
