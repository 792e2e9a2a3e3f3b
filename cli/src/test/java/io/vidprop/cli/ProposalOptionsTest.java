package io.vidprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidprop.job.ProposalOptions;
import io.vidprop.job.StreamingProposalOptions;
import io.vidprop.operators.ProposalSettings;
import java.lang.reflect.Field;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The proposal operator's options: one declaration each, shared by every command that runs the operator. */
class ProposalOptionsTest {
    static OptionSpec option(String command, String name) {
        return Vidprop.commandLine().getSubcommands().get(command).getCommandSpec().findOption(name);
    }

    @Test
    void everyCommandRunningTheOperatorTakesItsOptionsFromTheOneMixin() {
        for (String command : List.of("run", "submit", "batch", "demo")) {
            for (String name : List.of("--model", "--batch-size", "--fixed-batch-size", "--pad-batches", "--max-pixels",
                    "--full-size-decoding", "--max-loaded-models")) {
                OptionSpec o = option(command, name);
                assertTrue(o != null, command + " " + name);
                assertEquals(ProposalOptions.class, ((Field) o.userObject()).getDeclaringClass(), command + " " + name);
            }
        }
        for (String command : List.of("run", "submit")) {
            for (String name : List.of("--max-wait-ms", "--max-frame-age-ms", "--inference-thread", "--cpu-threads",
                    "--max-failed-batches", "--camera-state-ttl-hours")) {
                assertEquals(StreamingProposalOptions.class,
                        ((Field) option(command, name).userObject()).getDeclaringClass(), command + " " + name);
            }
        }
    }

    @Test
    void theDefaultsAreTheSettingsDefaults() throws Exception {
        CommandLine cl = Vidprop.commandLine();
        cl.parseArgs("run");
        RunCommand run = cl.getSubcommands().get("run").getCommand();
        assertEquals(ProposalSettings.DEFAULTS, run.job.options().proposals());

        cl = Vidprop.commandLine();
        cl.parseArgs("batch", "--video", "v.mp4", "--batch-size", "4", "--pad-batches", "--max-pixels", "1000");
        BatchCommand batch = cl.getSubcommands().get("batch").getCommand();
        assertEquals(ProposalSettings.builder().batchSize(4).padBatches(true).maxPixels(1000).build(),
                batch.job.builder().outDir("out").build().proposals());

        cl = Vidprop.commandLine();
        cl.parseArgs("demo");
        DemoCommand demo = cl.getSubcommands().get("demo").getCommand();
        assertEquals(ProposalSettings.DEFAULTS, demo.proposals.settings());
    }
}
