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

    private JsonObject send(HttpRequest request) throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(request, BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.net.ConnectException e) {
            throw new IOException("no Flink REST endpoint at " + base + " (is the cluster running?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + request.uri(), e);
        }
        JsonObject json = response.body().isBlank() ? new JsonObject() : GSON.fromJson(response.body(), JsonObject.class);
        if (response.statusCode() / 100 != 2) {
            List<String> errors = new ArrayList<>();
            if (json.has("errors")) {
                json.getAsJsonArray("errors").forEach(e -> errors.add(e.getAsString()));
            }
            throw new IOException(request.method() + " " + request.uri().getPath() + " answered "
                    + response.statusCode() + ": " + truncate(String.join("; ", errors)));
        }
        return json;
    }

    private static String truncate(String s) {
        return s.length() <= MAX_ERROR_CHARS ? s : s.substring(0, MAX_ERROR_CHARS) + " ...";
    }
}
