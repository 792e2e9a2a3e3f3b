package io.vidprop.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CameraDirectoriesTest {
    @Test
    void plainIdsAreKeptAndOthersBecomeDistinctPlainNames() {
        Map<String, String> dirs = CameraDirectories.of(List.of("cam-A", "gate/1", "gate_1", "..", "cam-a", "hall 2"));
        assertEquals("cam-A", dirs.get("cam-A"));
        assertTrue(dirs.get("gate/1").matches("gate_1-[0-9a-f]{8}"), dirs.get("gate/1"));
        assertEquals("gate_1", dirs.get("gate_1"));
        assertTrue(dirs.get("..").matches("\\.\\.-[0-9a-f]{8}"), dirs.get(".."));
        assertNotEquals("cam-a", dirs.get("cam-a"), "not the same directory as cam-A where case is ignored");
        assertTrue(dirs.get("hall 2").startsWith("hall_2-"));
        for (String d : dirs.values()) {
            assertEquals(d, Path.of(d).getFileName().toString(), "one path element");
        }
        assertEquals(dirs.size(), dirs.values().stream().map(String::toLowerCase).distinct().count());
    }

    @Test
    void aModelOutputNamesItsCamerasDirectoriesAsThePathOrTheUri() throws Exception {
        ModelOutput local = ModelOutput.of("models");
        assertEquals(Path.of("models").toAbsolutePath().resolve("cam-A").toString(), local.child("cam-A").location());
        ModelOutput file = ModelOutput.of("file:///srv/models");
        assertEquals("file:///srv/models/cam-A", file.child("cam-A").location());
        assertEquals(Path.of("/srv/models/cam-A"), file.child("cam-A").local());
        ModelOutput remote = ModelOutput.of("hdfs://nn:8020/models/");
        try {
            assertTrue(remote.isRemote());
            assertEquals("hdfs://nn:8020/models/cam-A", remote.child("cam-A").location());
        } finally {
            remote.deleteLocalCopy();
        }
    }
}
