package io.vidprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTextTest {
    /**
     * picocli treats descriptions as format strings: a bare {@code %} (as in "80% of") makes it print a warning
     * to stderr and show the raw text, so every command's help is rendered here and stderr must stay empty.
     */
    @Test
    void everyCommandsHelpRendersWithoutPicocliWarnings() {
        CommandLine root = Vidprop.commandLine();
        Map<String, CommandLine> commands = root.getSubcommands();
        assertTrue(commands.size() >= 10, commands.keySet().toString());
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringBuilder usage = new StringBuilder(root.getUsageMessage());
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            for (CommandLine command : commands.values()) {
                String text = command.getUsageMessage();
                assertFalse(text.contains("%n"), command.getCommandName() + ": " + text);
                usage.append(text);
            }
        } finally {
            System.setErr(saved);
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertTrue(usage.toString().contains("first 80% of each file"), "adapt's description");
    }
}
