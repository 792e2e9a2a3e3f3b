package io.vidprop.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vidprop.batch.ArchiveListing.ArchiveFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files an archive's inputs name, and the camera each gets. (The listing reads names only, not contents.) */
class ArchiveListingTest {
    @TempDir
    static Path root;

    @BeforeAll
    static void archive() throws Exception {
        for (String f : List.of("cam-1/00.mp4", "cam-1/01.mkv", "cam-2/00.mp4", "cam-2/deep/x.avi", "cam-2/notes.txt",
                "cam-2/.00.mp4.inprogress", "cam-2/_tmp.mp4", "loose.mp4")) {
            Path p = root.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, f);
        }
    }

    static List<String> cameras(List<ArchiveFile> files) {
        return files.stream().map(ArchiveFile::cameraId).toList();
    }

    @Test
    void aDirectoryIsReadRecursivelyAndCamerasAreThePathsBelowIt() throws Exception {
        List<ArchiveFile> files = ArchiveListing.list(List.of(root.toString()), List.of());
        assertEquals(List.of("cam-1/00", "cam-1/01", "cam-2/00", "cam-2/deep/x", "loose"), cameras(files),
                "video files by extension; hidden and _-prefixed files left out");
        assertEquals(root.resolve("cam-2/deep/x.avi").toUri().getPath(),
                java.net.URI.create(files.get(3).location()).getPath());
        assertEquals(List.of("00", "01"), cameras(ArchiveListing.list(List.of(root.resolve("cam-1").toUri()
                .toString()), List.of())), "a file: URI as well");
    }

    @Test
    void globsMatchBelowTheirFixedDirectories() throws Exception {
        assertEquals(List.of("cam-1/00", "cam-2/00"), cameras(ArchiveListing.list(List.of(root + "/*/00.mp4"),
                List.of())));
        assertEquals(List.of("cam-2/00", "cam-2/deep/x"), cameras(ArchiveListing.list(List.of(root + "/cam-2/**.{mp4,avi}"),
                List.of())).stream().map(c -> "cam-2/" + c).toList());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> ArchiveListing.list(List.of(root + "/*/*.mov"), List.of()));
        assertEquals(root + "/*/*.mov: matches no video file", none.getMessage());
    }

    @Test
    void aFileGivenAloneIsNamedAfterItselfOrItsCamera() throws Exception {
        assertEquals(List.of("loose"), cameras(ArchiveListing.list(List.of(root + "/loose.mp4"), List.of())));
        assertEquals(List.of("lobby", "door"), cameras(ArchiveListing.list(List.of(root + "/loose.mp4",
                root + "/cam-1/00.mp4"), List.of("lobby", "door"))));
        IllegalArgumentException dir = assertThrows(IllegalArgumentException.class,
                () -> ArchiveListing.list(List.of(root + "/cam-1"), List.of("lobby")));
        assertEquals("--camera names the camera of one file; " + root + "/cam-1 is not a single video file",
                dir.getMessage());
    }

    @Test
    void twoFilesOfOneCameraAndMissingInputsAreRefused() throws Exception {
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> ArchiveListing.list(List.of(root + "/cam-1", root + "/cam-2"), List.of()));
        assertEquals("camera '00' is given to both " + new org.apache.flink.core.fs.Path(root + "/cam-1/00.mp4")
                + " and " + new org.apache.flink.core.fs.Path(root + "/cam-2/00.mp4") + "; each file needs its own "
                + "camera (sequence numbers are per camera): name them with --camera, or list their directories from "
                + "a common root", twice.getMessage().replace("file:", ""));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ArchiveListing.list(List.of(root + "/nope"), List.of()));
        assertEquals(root + "/nope: no such video file or directory", missing.getMessage());
    }
}
