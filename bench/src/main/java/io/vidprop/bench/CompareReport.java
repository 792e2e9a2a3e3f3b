package io.vidprop.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Prints vidprop's JMH results next to torchvision's timings as a Markdown table.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.vidprop.bench.CompareReport JMH_JSON TORCHVISION_JSON</pre>
 *
 * <p>JMH_JSON is what {@code -rf json -rff} wrote; TORCHVISION_JSON is {@code torchvision-timings.json} from
 * {@code tools/rpn_fixtures.py --time}, whose folder also holds the loads. The benchmarks check their output in
 * setup; this report checks it again so that the table's "identical output" column stands on its own. Exits 1 if an
 * output differs from torchvision's or a benchmark has no result.
 */
public final class CompareReport {
    private static final String RPN = "io.vidprop.bench.RpnPostProcessingBenchmark.propose";
    private static final String NMS = "io.vidprop.bench.NmsBenchmark.nms";

    /** A row: the JMH benchmark and parameter, torchvision's timing, the speed-up it must reach. */
    private record Case(String label, String benchmark, String param, String value, String[] torchvisionKey,
            double minSpeedUp, boolean strict, Check check) {

        String target() {
            return (strict ? "> " : "≥ ") + format(minSpeedUp, 0) + "×";
        }

        boolean met(double speedUp) {
            return strict ? speedUp > minSpeedUp : speedUp >= minSpeedUp;
        }
    }

    @FunctionalInterface
    private interface Check {
        void run(Path dir) throws IOException;
    }

    private static final List<Case> CASES = List.of(
            new Case("RPN load A (1 level, 17,100 anchors → 300)", RPN, "load", "load_a",
                    new String[] {"loads", "load_a"}, 10, false, dir -> RpnLoad.read(dir, "load_a").verify()),
            new Case("RPN load B (5 FPN levels, 242,991 anchors → 1000)", RPN, "load", "load_b",
                    new String[] {"loads", "load_b"}, 5, false, dir -> RpnLoad.read(dir, "load_b").verify()),
            nmsCase(2000),
            nmsCase(6000),
            nmsCase(12000));

    private CompareReport() {}

    private static Case nmsCase(int boxes) {
        return new Case(String.format(Locale.ROOT, "NMS %,d boxes (IoU 0.7)", boxes), NMS, "boxes",
                Integer.toString(boxes), new String[] {"nms", Integer.toString(boxes)}, 1, true,
                dir -> NmsLoad.read(dir, boxes).verify());
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: CompareReport JMH_JSON TORCHVISION_JSON");
            System.exit(2);
        }
        JsonArray jmh = JsonParser.parseString(Files.readString(Path.of(args[0]))).getAsJsonArray();
        Path torchvisionFile = Path.of(args[1]).toAbsolutePath();
        JsonObject torchvision = JsonParser.parseString(Files.readString(torchvisionFile)).getAsJsonObject();
        Path loads = torchvisionFile.getParent();

        boolean failed = false;
        StringBuilder out = new StringBuilder();
        out.append("| case | vidprop (ms) | torchvision (ms) | speed-up | target | met? | identical output |\n");
        out.append("|---|---:|---:|---:|---|---|---|\n");
        JsonObject any = null;
        for (Case c : CASES) {
            String identical = "verified";
            boolean same = true;
            try {
                c.check().run(loads);
            } catch (IllegalStateException e) {
                identical = "**DIFFERS**: " + e.getMessage();
                same = false;
                failed = true;
            }
            double tv = torchvision.getAsJsonObject(c.torchvisionKey()[0]).getAsJsonObject(c.torchvisionKey()[1])
                    .get("median_ms").getAsDouble();
            JsonObject result = find(jmh, c);
            if (result == null) {
                failed = true;
                out.append(row(c.label(), "no result", format(tv, 3), "–", c.target(), "**no**", identical));
                continue;
            }
            any = result;
            JsonObject metric = result.getAsJsonObject("primaryMetric");
            double perMs = msPer(metric.get("scoreUnit").getAsString());
            double ms = metric.get("score").getAsDouble() * perMs;
            double error = metric.get("scoreError").getAsDouble() * perMs;
            double speedUp = tv / ms;
            String measured = Double.isNaN(error) ? format(ms, 3) : format(ms, 3) + " ± " + format(error, 3);
            out.append(row(c.label(), measured, format(tv, 3), format(speedUp, 1) + "×", c.target(),
                    same && c.met(speedUp) ? "yes" : "**no**", identical));
        }
        out.append('\n');
        if (any != null) {
            out.append(String.format(Locale.ROOT,
                    "vidprop: JMH average time per call, mean ± 99.9%% confidence interval, %d forks × %d × %s "
                            + "(after %d × %s warm-up), %s %s. ",
                    any.get("forks").getAsInt(), any.get("measurementIterations").getAsInt(),
                    any.get("measurementTime").getAsString(), any.get("warmupIterations").getAsInt(),
                    any.get("warmupTime").getAsString(), any.get("vmName").getAsString(),
                    any.get("jdkVersion").getAsString()));
        }
        out.append(String.format(Locale.ROOT,
                "torchvision: median of %d calls after warm-up, torch %s / torchvision %s, %d torch thread(s). "
                        + "Speed-up = torchvision median / vidprop mean.%n",
                torchvision.getAsJsonObject("loads").getAsJsonObject("load_a").get("runs").getAsInt(),
                torchvision.get("torch").getAsString(), torchvision.get("torchvision").getAsString(),
                torchvision.get("torch_threads").getAsInt()));
        System.out.print(out);
        if (failed) {
            System.err.println("vidprop's output differs from torchvision's, or a benchmark has no result: see above");
            System.exit(1);
        }
    }

    private static JsonObject find(JsonArray jmh, Case c) {
        for (JsonElement e : jmh) {
            JsonObject r = e.getAsJsonObject();
            JsonObject params = r.getAsJsonObject("params");
            if (r.get("benchmark").getAsString().equals(c.benchmark()) && params != null
                    && params.has(c.param()) && params.get(c.param()).getAsString().equals(c.value())) {
                return r;
            }
        }
        return null;
    }

    /** Milliseconds per JMH score unit. */
    private static double msPer(String unit) {
        return switch (unit) {
            case "s/op" -> 1e3;
            case "ms/op" -> 1;
            case "us/op" -> 1e-3;
            case "ns/op" -> 1e-6;
            default -> throw new IllegalArgumentException("unexpected JMH score unit " + unit
                    + ": expected average time per operation");
        };
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    private static String format(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
