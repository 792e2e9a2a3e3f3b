package io.vidprop.cluster;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Flink's REST API, the calls vidprop needs: upload a jar, run it, stop a job with a savepoint, read a job's state.
 * Errors from the cluster come back as IOExceptions carrying the cluster's own error text.
 */
public final class FlinkRestClient {
    /** The REST endpoint of a JobManager on this machine, Flink's default port. */
    public static final String DEFAULT_JOBMANAGER = "localhost:8081";
    private static final Gson GSON = new Gson();
    private static final int MAX_ERROR_CHARS = 4000;

    private final URI base;
    private final HttpClient http;

    private FlinkRestClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A client for the REST endpoint at {@code HOST:PORT} or {@code http(s)://HOST:PORT}. */
    public static FlinkRestClient connect(String jobManager) {
        String s = jobManager.trim();
        if (!s.startsWith("http://") && !s.startsWith("https://")) {
            s = "http://" + s;
        }
        URI uri;
        try {
            uri = URI.create(s.endsWith("/") ? s : s + "/");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--jobmanager " + jobManager + ": expected HOST:PORT", e);
        }
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("--jobmanager " + jobManager + ": expected HOST:PORT");
        }
        return new FlinkRestClient(uri);
    }

    /** The web UI's page for a job. */
    public String jobPage(String jobId) {
        return base + "#/job/running/" + jobId + "/overview";
    }

    /** Uploads a jar (POST /jars/upload) and returns the id the cluster gave it. */
    public String uploadJar(Path jar) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("job jar " + jar + ": no such file");
        }
        String boundary = "vidprop-" + UUID.randomUUID();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest request = HttpRequest.newBuilder(base.resolve("jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofMinutes(10))
                .POST(BodyPublishers.concat(BodyPublishers.ofString(head), BodyPublishers.ofFile(jar),
                        BodyPublishers.ofString(tail)))
                .build();
        String filename = send(request).get("filename").getAsString();
        return filename.substring(filename.lastIndexOf('/') + 1);
    }

    /** Runs an uploaded jar's entry class with these arguments (POST /jars/:id/run); returns the job id. */
    public String runJar(String jarId, JarRun run) throws IOException {
        JsonObject body = new JsonObject();
        body.addProperty("entryClass", run.entryClass());
        JsonArray args = new JsonArray();
        run.arguments().forEach(args::add);
        body.add("programArgsList", args);
        if (!run.flinkConfiguration().isEmpty()) {
            JsonObject conf = new JsonObject();
            run.flinkConfiguration().forEach(conf::addProperty);
            body.add("flinkConfiguration", conf);
        }
        if (run.savepointPath() != null) {
            body.addProperty("savepointPath", run.savepointPath());
            body.addProperty("allowNonRestoredState", run.allowNonRestoredState());
        }
        return send(post("jars/" + jarId + "/run", body, Duration.ofMinutes(5))).get("jobid").getAsString();
    }

    /** Deletes an uploaded jar. */
    public void deleteJar(String jarId) throws IOException {
        send(HttpRequest.newBuilder(base.resolve("jars/" + jarId)).DELETE().timeout(Duration.ofSeconds(30)).build());
    }

    /**
     * Stops a job with a savepoint (POST /jobs/:id/stop) and waits for it; returns the savepoint's path. With no
     * target directory the cluster's execution.checkpointing.savepoint-dir is used.
     */
    public String stopWithSavepoint(String jobId, String targetDirectory, boolean drain, Duration timeout)
            throws IOException, InterruptedException {
        JsonObject body = new JsonObject();
        if (targetDirectory != null) {
            body.addProperty("targetDirectory", targetDirectory);
        }
        body.addProperty("drain", drain);
        String trigger = send(post("jobs/" + jobId + "/stop", body, Duration.ofSeconds(30)))
                .get("request-id").getAsString();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonObject status = send(get("jobs/" + jobId + "/savepoints/" + trigger));
            if ("COMPLETED".equals(status.getAsJsonObject("status").get("id").getAsString())) {
                JsonObject operation = status.getAsJsonObject("operation");
                if (operation.has("location")) {
                    return operation.get("location").getAsString();
                }
                throw new IOException("stop-with-savepoint of job " + jobId + " failed: "
                        + truncate(String.valueOf(operation.get("failure-cause"))));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("stop-with-savepoint of job " + jobId + " did not complete within " + timeout);
            }
            Thread.sleep(250);
        }
    }

    /** The job's state (RUNNING, FINISHED, FAILED, ...). */
    public String jobState(String jobId) throws IOException {
        return send(get("jobs/" + jobId)).get("state").getAsString();
    }

    /** Whether the job is running with every task running (not just scheduled). */
    public boolean allTasksRunning(String jobId) throws IOException {
        JsonObject job = send(get("jobs/" + jobId));
        if (!"RUNNING".equals(job.get("state").getAsString())) {
            return false;
        }
        for (var v : job.getAsJsonArray("vertices")) {
            if (!"RUNNING".equals(v.getAsJsonObject().get("status").getAsString())) {
                return false;
            }
        }
        return true;
    }

    /** The parallelism of each of the job's vertices (chains of operators), by vertex name. */
    public java.util.Map<String, Integer> vertexParallelism(String jobId) throws IOException {
        java.util.Map<String, Integer> out = new java.util.TreeMap<>();
        for (var v : send(get("jobs/" + jobId)).getAsJsonArray("vertices")) {
            out.put(v.getAsJsonObject().get("name").getAsString(), v.getAsJsonObject().get("parallelism").getAsInt());
        }
        return out;
    }

    /** The ids of the jobs that are not finished, failed or cancelled. */
    public java.util.List<String> unfinishedJobs() throws IOException {
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (var j : send(get("jobs")).getAsJsonArray("jobs")) {
            String status = j.getAsJsonObject().get("status").getAsString();
            if (!java.util.Set.of("FINISHED", "FAILED", "CANCELED").contains(status)) {
                ids.add(j.getAsJsonObject().get("id").getAsString());
            }
        }
        return ids;
    }

    /** A job as {@code GET /jobs/:id} shows it: its state, type, duration and vertices. */
    public JobInfo job(String jobId) throws IOException {
        JsonObject job = send(get("jobs/" + jobId));
        List<JobInfo.Vertex> vertices = new ArrayList<>();
        for (var v : job.getAsJsonArray("vertices")) {
            JsonObject vertex = v.getAsJsonObject();
            JsonObject io = vertex.has("metrics") ? vertex.getAsJsonObject("metrics") : new JsonObject();
            vertices.add(new JobInfo.Vertex(vertex.get("id").getAsString(), vertex.get("name").getAsString(),
                    vertex.get("status").getAsString(), vertex.get("parallelism").getAsInt(),
                    io.has("read-records") ? io.get("read-records").getAsLong() : 0,
                    io.has("write-records") ? io.get("write-records").getAsLong() : 0));
        }
        return new JobInfo(job.get("jid").getAsString(), job.get("name").getAsString(),
                job.get("state").getAsString(), job.has("job-type") ? job.get("job-type").getAsString() : "UNKNOWN",
                job.get("duration").getAsLong(), vertices);
    }

    /** The names of the metrics a vertex's subtasks report (GET /jobs/:id/vertices/:vid/subtasks/metrics). */
    public java.util.Set<String> subtaskMetricNames(String jobId, String vertexId) throws IOException {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (var m : sendArray(get("jobs/" + jobId + "/vertices/" + vertexId + "/subtasks/metrics"))) {
            names.add(m.getAsJsonObject().get("id").getAsString());
        }
        return names;
    }

    /**
     * The sum and maximum over a vertex's subtasks of each of these metrics, by name; a metric no subtask reports
     * (yet) is absent. Flink's JobManager fetches metrics from the task managers every
     * {@code metrics.fetcher.update-interval} (10 s by default), so the values are that old at most.
     */
    public java.util.Map<String, AggregatedMetric> subtaskMetrics(String jobId, String vertexId,
            java.util.Collection<String> names) throws IOException {
        java.util.Map<String, AggregatedMetric> out = new java.util.TreeMap<>();
        if (names.isEmpty()) {
            return out;
        }
        String query = "get=" + String.join(",", names.stream().map(FlinkRestClient::encode).toList())
                + "&agg=sum,max";
        for (var m : sendArray(get("jobs/" + jobId + "/vertices/" + vertexId + "/subtasks/metrics?" + query))) {
            JsonObject metric = m.getAsJsonObject();
            if (metric.has("sum") && metric.has("max")) {
                out.put(metric.get("id").getAsString(),
                        new AggregatedMetric(metric.get("sum").getAsDouble(), metric.get("max").getAsDouble()));
            }
        }
        return out;
    }

    /** A metric's sum and maximum over a vertex's subtasks. */
    public record AggregatedMetric(double sum, double max) {}

    /**
     * The job's most recent failure, from its exception history (GET /jobs/:id/exceptions): when it happened and the
     * innermost cause's line; null when it has none.
     */
    public Failure latestFailure(String jobId) throws IOException {
        JsonObject history = send(get("jobs/" + jobId + "/exceptions?maxExceptions=1"))
                .getAsJsonObject("exceptionHistory");
        if (history == null || history.getAsJsonArray("entries").isEmpty()) {
            return null;
        }
        JsonObject latest = history.getAsJsonArray("entries").get(0).getAsJsonObject();
        String cause = latest.has("exceptionName") ? latest.get("exceptionName").getAsString() : null;
        if (latest.has("stacktrace")) {
            boolean first = true;
            for (String line : latest.get("stacktrace").getAsString().split("\\R")) {
                if (line.startsWith("Caused by: ")) {
                    cause = line.substring("Caused by: ".length());
                } else if (first && !line.isBlank()) {
                    cause = line;
                }
                first = false;
            }
        }
        long at = latest.has("timestamp") ? latest.get("timestamp").getAsLong() : 0;
        return new Failure(at, cause == null ? "(no message)" : truncate(cause.trim()));
    }

    /** A failure of a job: when (ms since the epoch) and its innermost cause. */
    public record Failure(long timestampMillis, String cause) {}

    /**
     * The job's user accumulators whose values are whole numbers, by name (GET /jobs/:id/accumulators): summed over its
     * subtasks, exact once the job has finished.
     */
    public java.util.Map<String, Long> accumulators(String jobId) throws IOException {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        for (var a : send(get("jobs/" + jobId + "/accumulators")).getAsJsonArray("user-task-accumulators")) {
            JsonObject acc = a.getAsJsonObject();
            try {
                out.put(acc.get("name").getAsString(), Long.parseLong(acc.get("value").getAsString()));
            } catch (NumberFormatException e) {
                // not a counter
            }
        }
        return out;
    }

    /** Cancels a job (PATCH /jobs/:id?mode=cancel). */
    public void cancel(String jobId) throws IOException {
        send(HttpRequest.newBuilder(base.resolve("jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build());
    }

    /** The task managers each of the job's vertices runs on, by vertex name. */
    public java.util.Map<String, java.util.Set<String>> vertexTaskManagers(String jobId) throws IOException {
        java.util.Map<String, java.util.Set<String>> out = new java.util.TreeMap<>();
        for (var v : send(get("jobs/" + jobId)).getAsJsonArray("vertices")) {
            JsonObject vertex = v.getAsJsonObject();
            java.util.Set<String> ids = new java.util.TreeSet<>();
            for (var tm : send(get("jobs/" + jobId + "/vertices/" + vertex.get("id").getAsString() + "/taskmanagers"))
                    .getAsJsonArray("taskmanagers")) {
                ids.add(tm.getAsJsonObject().get("taskmanager-id").getAsString());
            }
            out.put(vertex.get("name").getAsString(), ids);
        }
        return out;
    }

    /** The ids of the task managers that declare this external resource (for example "gpu"). */
    public java.util.Set<String> taskManagersWith(String externalResource) throws IOException {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        for (var tm : send(get("taskmanagers")).getAsJsonArray("taskmanagers")) {
            JsonObject t = tm.getAsJsonObject();
            JsonObject extended = t.getAsJsonObject("totalResource").getAsJsonObject("extendedResources");
            if (extended.has(externalResource) && extended.get(externalResource).getAsDouble() > 0) {
                ids.add(t.get("id").getAsString());
            }
        }
        return ids;
    }

    /** The number of task managers registered with the cluster. */
    public int taskManagers() throws IOException {
        return send(get("taskmanagers")).getAsJsonArray("taskmanagers").size();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build();
    }

    private HttpRequest post(String path, JsonObject body, Duration timeout) {
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .timeout(timeout)
                .POST(BodyPublishers.ofString(GSON.toJson(body), StandardCharsets.UTF_8))
                .build();
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonArray sendArray(HttpRequest request) throws IOException {
        return GSON.fromJson(sendForBody(request), JsonArray.class);
    }

    private JsonObject send(HttpRequest request) throws IOException {
        String body = sendForBody(request);
        return body.isBlank() ? new JsonObject() : GSON.fromJson(body, JsonObject.class);
    }

    private String sendForBody(HttpRequest request) throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(request, BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.net.ConnectException e) {
            throw new IOException("no Flink REST endpoint at " + base + " (is the cluster running?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + request.uri(), e);
        }
        if (response.statusCode() / 100 != 2) {
            JsonObject json = errorBody(response.body());
            List<String> errors = new ArrayList<>();
            if (json.has("errors")) {
                json.getAsJsonArray("errors").forEach(e -> errors.add(e.getAsString()));
            }
            throw new IOException(request.method() + " " + request.uri().getPath() + " answered "
                    + response.statusCode() + ": " + truncate(String.join("; ", errors)));
        }
        return response.body();
    }

    private static JsonObject errorBody(String body) {
        try {
            JsonObject json = GSON.fromJson(body, JsonObject.class);
            return json == null ? new JsonObject() : json;
        } catch (RuntimeException e) {
            return new JsonObject();
        }
    }

    private static String truncate(String s) {
        return s.length() <= MAX_ERROR_CHARS ? s : s.substring(0, MAX_ERROR_CHARS) + " ...";
    }
}
