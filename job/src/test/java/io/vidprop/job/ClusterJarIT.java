package io.vidprop.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The cluster jar (target/vidprop-job.jar, built by `mvn package`) holds what the job needs on a Flink cluster and
 * nothing the cluster already has (Flink, and in its lib/ the native-code libraries) or that only the workstation uses.
 */
class ClusterJarIT {
    static final Path JAR = Path.of("target/vidprop-job.jar");
    static final long MAX_BYTES = 120L * 1024 * 1024;

    @Test
    void theClusterJarIsLeanAndStartsTheJob() throws IOException {
        assertTrue(Files.isRegularFile(JAR), "run `mvn package` first: " + JAR.toAbsolutePath());
        long size = Files.size(JAR);
        assertTrue(size < MAX_BYTES, "cluster jar is " + size + " bytes");
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertEquals(ClusterEntry.class.getName(), jar.getManifest().getMainAttributes().getValue("Main-Class"));
            for (String needed : List.of("io/vidprop/job/ClusterEntry.class", "io/vidprop/job/ProposalJob.class",
                    "io/vidprop/batch/BatchJob.class", "io/vidprop/operators/ProposalOperator.class",
                    "io/vidprop/kafka/FrameDeserializer.class", "io/vidprop/model/ProposalModel.class",
                    "org/apache/flink/connector/kafka/source/KafkaSource.class",
                    "org/apache/flink/connector/base/source/reader/RecordEmitter.class",
                    "org/apache/kafka/clients/consumer/KafkaConsumer.class", "picocli/CommandLine.class",
                    "com/google/gson/Gson.class", "linux/amd64/libzstd-jni-1.5.6-10.so")) {
                assertNotNull(jar.getEntry(needed), needed);
            }
            List<String> unwanted = List.of(
                    "kafka/server/", "scala/", "javafx/", "com/sun/javafx/", // broker, Scala, JavaFX
                    "io/vidprop/cli/", "io/vidprop/demo/", "io/vidprop/replay/", "io/vidprop/ingest/",
                    "io/vidprop/render/", "io/vidprop/cluster/", "io/vidprop/testing/", // the workstation's
                    "org/apache/flink/runtime/", "org/apache/flink/streaming/api/environment/", // Flink's own
                    "ai/djl/", "ai/onnxruntime/", "pytorch/", "org/bytedeco/", "com/sun/jna/", // Flink's lib/, parent-first
                    "org/slf4j/", "org/apache/logging/log4j/", "log4j2.xml",
                    "win/", "darwin/", "org/xerial/snappy/native/Windows/");
            List<String> found = jar.stream().map(ZipEntry::getName)
                    .filter(n -> unwanted.stream().anyMatch(n::startsWith)).limit(10).toList();
            assertEquals(List.of(), found);
        }
    }
}
