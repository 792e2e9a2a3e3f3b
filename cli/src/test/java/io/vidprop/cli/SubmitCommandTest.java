package io.vidprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `vidprop submit` before it reaches a cluster: option forwarding and clear errors. */
class SubmitCommandTest {
    record Result(int code, String err) {}

    static Result vidprop(String... args) {
        StringWriter err = new StringWriter();
        int code = Vidprop.commandLine().setErr(new PrintWriter(err, true)).setOut(new PrintWriter(new StringWriter()))
                .execute(args);
        return new Result(code, err.toString().trim());
    }

    @Test
    void theRunOptionsGoToTheClusterAsRunArgumentsThatRunParsesToTheSameValues() throws Exception {
        CommandLine cl = Vidprop.commandLine();
        cl.parseArgs("submit", "--jobmanager", "flink:8081", "--parallelism", "3", "--model", "/models/m",
                "--frames-topic", "cams", "--inference-slot-sharing-group", "inference", "--inference-slot-gpus", "1", "--pad-batches",
                "--inference-thread", "true", "--cpu-threads", "3", "--bootstrap-servers", "kafka-1:9093");
        SubmitCommand submit = cl.getSubcommands().get("submit").getCommand();
        List<String> args = submit.job.asRunArguments();
        assertTrue(!args.contains("--jobmanager") && !args.contains("--kafka-properties"), args.toString());

        CommandLine again = Vidprop.commandLine();
        List<String> runArgs = new java.util.ArrayList<>(List.of("run"));
        runArgs.addAll(args);
        again.parseArgs(runArgs.toArray(String[]::new));
        RunCommand run = again.getSubcommands().get("run").getCommand();
        var expected = submit.job.options();
        var actual = run.job.options();
        assertEquals(java.util.OptionalInt.of(3), actual.parallelism());
        assertEquals("cams", actual.framesTopic());
        assertEquals("kafka-1:9093", actual.bootstrapServers(), "the Kafka connection mixin's options go along: " + args);
        assertEquals(expected.checkpointIntervalMillis(), actual.checkpointIntervalMillis());
        assertEquals("/models/m", actual.proposals().modelPath());
        assertTrue(actual.proposals().padBatches(), "a flag goes over as the bare flag: " + args);
        assertEquals(io.vidprop.operators.ProposalSettings.InferenceThreading.ON, actual.proposals().inferenceThread());
        assertEquals(3, actual.proposals().cpuThreads());
        assertEquals("inference", actual.inferenceSlots().slotSharingGroup().orElseThrow().getName());
        assertEquals(args, run.job.asRunArguments());
    }

    @Test
    void badOptionsFailBeforeAnythingIsUploaded(@TempDir Path tmp) throws Exception {
        assertEquals(new Result(2, "vidprop submit: --inference-slot-gpus needs --inference-slot-sharing-group"),
                vidprop("submit", "--inference-slot-gpus", "1"));
        assertEquals(new Result(2, "vidprop submit: --inference-thread must be auto, true or false, got maybe"),
                vidprop("submit", "--inference-thread", "maybe"));
        assertEquals(new Result(2, "vidprop submit: CPU threads must not be negative (0 decides by the threading), got -1"),
                vidprop("submit", "--cpu-threads", "-1"));
        assertEquals(new Result(2, "vidprop submit: --allow-non-restored-state needs --from-savepoint"),
                vidprop("submit", "--allow-non-restored-state"));
        assertEquals(new Result(2, "vidprop submit: --jobmanager flink: expected HOST:PORT"),
                vidprop("submit", "--jobmanager", "flink", "--jar", "x.jar"));
        assertEquals(new Result(2, "vidprop submit: job jar " + tmp.resolve("missing.jar") + ": no such file"),
                vidprop("submit", "--jar", tmp.resolve("missing.jar").toString()));
        assertEquals(new Result(2, "vidprop submit: parallelism must be positive, got 0"),
                vidprop("submit", "--parallelism", "0"));
    }

    @Test
    void noClusterAtTheEndpointIsSaidPlainly(@TempDir Path tmp) throws Exception {
        Path jar = Files.writeString(tmp.resolve("job.jar"), "not really a jar");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertEquals(new Result(2, "vidprop submit: no Flink REST endpoint at http://127.0.0.1:" + port
                        + "/ (is the cluster running?)"),
                vidprop("submit", "--jobmanager", "127.0.0.1:" + port, "--jar", jar.toString()));
        assertEquals(new Result(2, "vidprop stop: no Flink REST endpoint at http://127.0.0.1:" + port
                        + "/ (is the cluster running?)"),
                vidprop("stop", "--jobmanager", "127.0.0.1:" + port, "0123456789abcdef0123456789abcdef"));
    }
}
