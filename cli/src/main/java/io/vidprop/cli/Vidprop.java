package io.vidprop.cli;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vidprop} command. */
@Command(
        name = "vidprop",
        mixinStandardHelpOptions = true,
        versionProvider = Vidprop.Version.class,
        description = "Region proposals from live and recorded video on Apache Flink.",
        subcommands = {RunCommand.class, DemoCommand.class, ReplayCommand.class, BatchCommand.class,
            RenderCommand.class, IngestCommand.class, SubmitCommand.class, StopCommand.class, KafkaCommand.class,
            io.vidprop.camera.CameraCommand.class,
            TrainCommand.class, EvalCommand.class, AdaptCommand.class,
            CommandLine.HelpCommand.class})
public final class Vidprop {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Vidprop());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // Expected failures (bad input, missing files) get one clear line, not a stack trace.
            if (e instanceof IllegalArgumentException || e instanceof java.io.IOException
                    || e instanceof IllegalStateException) {
                commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + e.getMessage());
                return 2;
            }
            // Kafka refusing the credentials or the permissions is a setting to fix, said in one line; Kafka's
            // messages name the mechanism and the resource, never the secret.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
                    commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": Kafka refused access ("
                            + t.getClass().getSimpleName() + "): " + t.getMessage()
                            + "; check --kafka-properties and the user's ACLs");
                    return 2;
                }
            }
            throw e;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Vidprop.class.getPackage().getImplementationVersion();
            return new String[] {"vidprop " + (v == null ? "(development build)" : v)};
        }
    }
}
