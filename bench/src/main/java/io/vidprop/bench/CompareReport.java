package io.vidprop.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints the Markdown table comparing vidprop's JMH results with torchvision's timings from the same run:
 * {@code CompareReport JMH_RESULT.json TORCHVISION_TIMINGS.json}. Exits 1 if a target is missed.
 */
public final class CompareReport {
    private CompareReport() {}

    private record Row(String name, String benchmark, String param, String tvSection, String tvKey, double target) {}

    private static final Row[] ROWS = {
        new Row("RPN post-processing, load A", "RpnPostProcessingBenchmark.propose", "load_a", "loads", "load_a", 10),
        new Row("RPN post-processing, load B", "RpnPostProcessingBenchmark.propose", "load_b", "loads", "load_b", 5),
        new Row("NMS, 2000 boxes", "NmsBenchmark.nms", "2000", "nms", "2000", 1),
        new Row("NMS, 6000 boxes", "NmsBenchmark.nms", "6000", "nms", "6000", 1),
        new Row("NMS, 12000 boxes", "NmsBenchmark.nms", "12000", "nms", "12000", 1),
    };

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: CompareReport JMH_RESULT.json TORCHVISION_TIMINGS.json");
            System.exit(2);
        }
        JsonArray jmh = JsonParser.parseString(Files.readString(Path.of(args[0]))).getAsJsonArray();
        JsonObject tv = JsonParser.parseString(Files.readString(Path.of(args[1]))).getAsJsonObject();
        System.out.printf("torch %s, torchvision %s, %d torch threads; vidprop: one Java thread, JMH average time%n%n",
                tv.get("torch").getAsString(), tv.get("torchvision").getAsString(), tv.get("torch_threads").getAsInt());
        System.out.println("| case | vidprop (ms) | torchvision (ms) | speed-up | target | met | same output |");
        System.out.println("|---|---:|---:|---:|---:|---|---|");
        boolean allMet = true;
        for (Row row : ROWS) {
            JsonObject result = find(jmh, row.benchmark, row.param);
            if (result == null) {
                System.out.printf("| %s | not run | | | | | |%n", row.name);
                allMet = false;
                continue;
            }
            JsonObject metric = result.getAsJsonObject("primaryMetric");
            double ours = metric.get("score").getAsDouble();
            double error = metric.get("scoreError").getAsDouble();
            double theirs = tv.getAsJsonObject(row.tvSection).getAsJsonObject(row.tvKey).get("median_ms").getAsDouble();
            double speedup = theirs / ours;
            boolean met = row.target > 1 ? speedup >= row.target : speedup > row.target;
            allMet &= met;
            System.out.printf("| %s | %.3f ± %.3f | %.3f | %.1fx | %s%.0fx | %s | verified |%n", row.name, ours,
                    Double.isNaN(error) ? 0 : error, theirs, speedup, row.target > 1 ? ">= " : "> ", row.target,
                    met ? "yes" : "NO");
        }
        System.exit(allMet ? 0 : 1);
    }

    private static JsonObject find(JsonArray results, String benchmark, String param) {
        for (JsonElement e : results) {
            JsonObject o = e.getAsJsonObject();
            if (!o.get("benchmark").getAsString().endsWith(benchmark)) {
                continue;
            }
            JsonObject params = o.getAsJsonObject("params");
            for (String key : params.keySet()) {
                if (params.get(key).getAsString().equals(param)) {
                    return o;
                }
            }
        }
        return null;
    }
}
