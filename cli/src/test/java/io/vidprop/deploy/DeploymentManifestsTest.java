package io.vidprop.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vidprop.job.ClusterEntry;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.executiongraph.failover.ExponentialDelayRestartBackoffTimeStrategy;
import org.apache.flink.runtime.executiongraph.failover.RestartBackoffTimeStrategyFactoryLoader;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * What can be checked of deploy/ without Docker or Kubernetes: the Flink configuration keys are real Flink options
 * with values Flink parses, the FlinkDeployment points at the jar, entry class and model where the Dockerfiles put
 * them and runs the job with arguments `vidprop run` accepts, GPUs are requested where the configuration expects
 * them, and the Kafka topics match the job's.
 */
class DeploymentManifestsTest {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path K8S = ROOT.resolve("deploy/k8s");
    static final Path DOCKER = ROOT.resolve("deploy/docker");
    static FlinkOptionCatalog options;

    @BeforeAll
    static void loadOptions() throws IOException {
        options = FlinkOptionCatalog.fromClassPath();
        assertTrue(options.size() > 500, "Flink's options were found: " + options.size());
    }

    @Test
    void theCatalogKnowsFlinkOptionsAndRejectsInventedOnes() {
        assertTrue(options.find("execution.checkpointing.savepoint-dir").isPresent());
        assertTrue(options.find("external-resource.gpu.amount").isPresent());
        assertTrue(options.find("external-resource.gpu.param.discovery-script.path").isPresent());
        assertFalse(options.find("state.savepoints.directory").isPresent(),
                () -> "matched '" + options.find("state.savepoints.directory").get().key() + "'");
        assertFalse(options.find("external-resource.gpu.amounts").isPresent(),
                () -> "matched '" + options.find("external-resource.gpu.amounts").get().key() + "'");
    }

    @Test
    void theLocalClusterConfigurationIsValidFlinkConfiguration(@TempDir Path tmp) throws IOException {
        writeLocalClusterConfig(tmp);
        Configuration conf = GlobalConfiguration.loadConfiguration(tmp.toString());
        Map<String, String> flat = conf.toMap();
        assertEquals(List.of(), options.unknownKeys(flat), "keys that are no Flink option");
        assertValuesParse(flat);
        assertEquals(List.of("ai.djl.", "ai.onnxruntime.", "org.bytedeco."),
                conf.get(org.apache.flink.configuration.CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL));
    }

    /**
     * What this guards against: fixed-delay with 3 attempts spent its restarts deploying to a killed task manager
     * before its loss was noticed, and the job FAILED for good.
     */
    @Test
    void bothClustersRestartForeverAndNoticeALostTaskManagerWithinSeconds(@TempDir Path tmp) throws IOException {
        writeLocalClusterConfig(tmp);
        Map<String, Configuration> clusters = new LinkedHashMap<>();
        clusters.put("deploy/local/conf/config.yaml", GlobalConfiguration.loadConfiguration(tmp.toString()));
        clusters.put("FlinkDeployment", Configuration.fromMap(
                strings(map(only(documents(K8S.resolve("base"), "FlinkDeployment")), "spec", "flinkConfiguration"))));
        clusters.forEach((where, conf) -> {
            // The job sets no restart strategy of its own (RestartStrategyTest), so the cluster's applies.
            var factory = RestartBackoffTimeStrategyFactoryLoader.createRestartBackoffTimeStrategyFactory(
                    new Configuration(), conf, true);
            assertTrue(factory instanceof ExponentialDelayRestartBackoffTimeStrategy
                    .ExponentialDelayRestartBackoffTimeStrategyFactory, where + ": " + factory);
            assertEquals(Integer.MAX_VALUE, conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS),
                    where + ": attempts before the backoff resets");
            assertTrue(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF)
                    .compareTo(Duration.ofSeconds(10)) <= 0, where + ": a returning task manager waits at most 10 s");
            long lossDetectionMs = conf.get(HeartbeatManagerOptions.HEARTBEAT_INTERVAL).toMillis()
                    * conf.get(HeartbeatManagerOptions.HEARTBEAT_RPC_FAILURE_THRESHOLD);
            assertTrue(lossDetectionMs <= 10_000, where + ": a killed task manager is lost after " + lossDetectionMs + " ms");
            assertTrue(conf.get(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT).toMillis() <= 30_000, where + ": heartbeat timeout");
        });
    }

    @Test
    void everyFlinkDeploymentHasValidFlinkConfiguration() throws IOException {
        List<Map<String, Object>> deployments = documents(K8S, "FlinkDeployment").stream()
                .filter(d -> map(d, "spec").containsKey("flinkConfiguration")).toList();
        assertEquals(2, deployments.size(), "the base and the GPU patch (the secured-Kafka patch sets none)");
        for (Map<String, Object> d : deployments) {
            Map<String, String> conf = strings(map(d, "spec", "flinkConfiguration"));
            assertEquals(List.of(), options.unknownKeys(withoutPluginKeys(conf)), "keys that are no Flink option");
            assertValuesParse(conf);
        }
    }

    @Test
    void theFlinkDeploymentRunsTheJarTheImagesCarry() throws IOException {
        Map<String, Object> base = only(documents(K8S.resolve("base"), "FlinkDeployment"));
        Map<String, Object> job = map(base, "spec", "job");
        String jarUri = (String) job.get("jarURI");
        assertTrue(jarUri.startsWith("local://"), jarUri);
        String jarInImage = jarUri.substring("local://".length());
        for (String dockerfile : List.of("Dockerfile", "Dockerfile.gpu")) {
            List<String> destinations = copyDestinations(DOCKER.resolve(dockerfile));
            assertTrue(destinations.contains(jarInImage), dockerfile + " puts the jar at " + jarInImage + ": " + destinations);
            assertTrue(destinations.contains("/opt/vidprop/model/"), dockerfile + " carries the model: " + destinations);
        }

        String entryClass = (String) job.get("entryClass");
        assertNotNull(loadMain(entryClass), entryClass);

        @SuppressWarnings("unchecked")
        List<String> args = ((List<Object>) job.get("args")).stream().map(String::valueOf).toList();
        ParseResult run = ClusterEntry.commandLine(StreamExecutionEnvironment.getExecutionEnvironment()).parseArgs(args.toArray(String[]::new));
        assertEquals("/opt/vidprop/model", run.matchedOptionValue("--model", null), "the model the images carry");
        assertFalse(run.hasMatchedOption("--parallelism"), "spec.job.parallelism decides, not an argument: " + args);
        assertFalse(run.hasMatchedOption("--checkpoint-interval-ms"), "flinkConfiguration decides, not an argument");
        assertEquals("savepoint", job.get("upgradeMode"));
        Map<String, String> conf = strings(map(base, "spec", "flinkConfiguration"));
        assertTrue(conf.containsKey("execution.checkpointing.savepoint-dir"), "savepoint upgrades need a savepoint dir");

        String flinkVersion = EnvironmentInformation.getVersion();
        assertEquals("v" + flinkVersion.replaceAll("^(\\d+)\\.(\\d+).*", "$1_$2"), map(base, "spec").get("flinkVersion"));
        for (String dockerfile : List.of("Dockerfile", "Dockerfile.gpu")) {
            assertTrue(Files.readString(DOCKER.resolve(dockerfile)).contains("ARG FLINK_IMAGE=flink:" + flinkVersion + "-"),
                    dockerfile + " is based on the official Flink " + flinkVersion + " image");
        }
        // Checkpoints go to S3: the image's built-in S3 plugin must be enabled, in Flink's version.
        assertTrue(conf.get("execution.checkpointing.dir").startsWith("s3://"));
        assertTrue(Files.readString(K8S.resolve("base/flinkdeployment.yaml"))
                .contains("value: flink-s3-fs-presto-" + flinkVersion + ".jar"), "S3 plugin of Flink " + flinkVersion);
    }

    @Test
    void gpuTaskManagersRequestTheGpusTheirConfigurationExpects() throws IOException {
        Map<String, Object> base = only(documents(K8S.resolve("base"), "FlinkDeployment"));
        assertFalse(strings(map(base, "spec", "flinkConfiguration")).containsKey("external-resources"),
                "the base (CPU) deployment asks for no GPUs");
        assertFalse(Files.readString(K8S.resolve("base/flinkdeployment.yaml")).contains("nvidia.com/gpu"));

        Map<String, Object> gpu = only(documents(K8S.resolve("overlays/gpu"), "FlinkDeployment"));
        Map<String, String> conf = strings(map(gpu, "spec", "flinkConfiguration"));
        assertEquals("gpu", conf.get("external-resources"));
        assertEquals("org.apache.flink.externalresource.gpu.GPUDriverFactory",
                conf.get("external-resource.gpu.driver-factory.class"));
        String resource = conf.get("external-resource.gpu.kubernetes.config-key");
        assertEquals("nvidia.com/gpu", resource);
        Map<String, Object> container = mainContainer(map(gpu, "spec", "taskManager", "podTemplate"));
        Object limit = map(container, "resources", "limits").get(resource);
        assertEquals(Integer.parseInt(conf.get("external-resource.gpu.amount")), ((Number) limit).intValue(),
                "the pod's GPU limit and Flink's GPU amount");
        Map<String, Object> podSpec = map(gpu, "spec", "taskManager", "podTemplate", "spec");
        assertTrue(podSpec.containsKey("nodeSelector") && podSpec.containsKey("tolerations"), podSpec.toString());

        // The discovery script is where the GPU image puts Flink's GPU plugin.
        String script = conf.get("external-resource.gpu.param.discovery-script.path");
        String gpuDockerfile = Files.readString(DOCKER.resolve("Dockerfile.gpu"));
        assertTrue(script.startsWith("plugins/external-resource-gpu/"), script);
        assertTrue(gpuDockerfile.contains("dst=/opt/flink/" + Path.of(script).getParent()), "plugin directory");
        assertTrue(gpuDockerfile.contains(Path.of(script).getFileName().toString()), "discovery script");

        // The GPU overlay runs the GPU image, the CPU overlay the CPU one.
        assertTrue(Files.readString(K8S.resolve("overlays/gpu/kustomization.yaml")).contains("newTag: 0.1.0-gpu"));
        assertTrue(Files.readString(K8S.resolve("overlays/cpu/kustomization.yaml")).contains("newTag: 0.1.0-cpu"));
    }

    @Test
    void theGpuImageGivesDjlALibtorchItsJniSupports() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(PYTORCH_\\w+)=(\\S+)").matcher(Files.readString(DOCKER.resolve("Dockerfile.gpu")));
        while (m.find()) {
            env.put(m.group(1), m.group(2));
        }
        File jni = classPathJar("pytorch-jni-");
        String jniVersion = jni.getName().substring("pytorch-jni-".length()).split("-")[0];
        assertEquals(jniVersion, env.get("PYTORCH_VERSION"), "libtorch version and DJL's JNI");
        try (JarFile jar = new JarFile(jni)) {
            String lib = "jnilib/linux-x86_64/" + env.get("PYTORCH_FLAVOR") + "/libdjl_torch.so";
            assertNotNull(jar.getEntry(lib), "DJL's JNI for flavor " + env.get("PYTORCH_FLAVOR") + " (" + lib + ")");
        }
        assertTrue(Files.readString(DOCKER.resolve("Dockerfile.gpu")).contains(
                "libtorch/" + env.get("PYTORCH_FLAVOR") + "/libtorch-cxx11-abi-shared-with-deps-" + jniVersion + "%2B"
                        + env.get("PYTORCH_FLAVOR") + ".zip"), "the libtorch download matches version and flavor");
        assertEquals("/opt/libtorch/lib", env.get("PYTORCH_LIBRARY_PATH"));
    }

    @Test
    void theGpuImageRunsOnnxModelsWithOnnxRuntimesCudaBuild() throws Exception {
        // The gpu profile of the parent pom swaps OnnxRuntime's CPU build for its CUDA build.
        org.w3c.dom.Document pom = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ROOT.resolve("pom.xml").toFile());
        javax.xml.xpath.XPath xpath = javax.xml.xpath.XPathFactory.newInstance().newXPath();
        String profile = "/*[local-name()='project']/*[local-name()='profiles']/*[local-name()='profile']"
                + "[*[local-name()='id']='gpu']/*[local-name()='properties']/*[local-name()='%s']";
        String properties = "/*[local-name()='project']/*[local-name()='properties']/*[local-name()='%s']";
        assertEquals("onnxruntime", xpath.evaluate(String.format(properties, "onnxruntime.artifact"), pom));
        assertEquals("onnxruntime_gpu", xpath.evaluate(String.format(profile, "onnxruntime.artifact"), pom),
                "-Pgpu selects onnxruntime_gpu");
        String gpuVersion = xpath.evaluate(String.format(properties, "onnxruntime.gpu.version"), pom);
        assertEquals("${onnxruntime.gpu.version}", xpath.evaluate(String.format(profile, "onnxruntime.artifact.version"), pom));
        assertEquals(xpath.evaluate(String.format(properties, "onnxruntime.version"), pom).replaceAll("\\.\\d+$", ""),
                gpuVersion.replaceAll("\\.\\d+$", ""), "the CUDA build is of the same OnnxRuntime release as the CPU build");
        // ... and the libraries of Flink's lib/ follow it: deploy/native-libs names the artifact by the property.
        assertTrue(Files.readString(ROOT.resolve("deploy/native-libs/pom.xml"))
                .contains("<artifactId>${onnxruntime.artifact}</artifactId>"), "deploy/native-libs/pom.xml");

        // The GPU image resolves them with the profile and gives OnnxRuntime CUDA 12 and cuDNN 9; the CPU image does not.
        String gpu = Files.readString(DOCKER.resolve("Dockerfile.gpu"));
        assertTrue(gpu.matches("(?s).*mvn [^\\n]*-Pgpu -f deploy/native-libs/pom\\.xml dependency:copy-dependencies.*"), gpu);
        assertFalse(Files.readString(DOCKER.resolve("Dockerfile")).contains("-Pgpu"), "the CPU image keeps the CPU build");
        Matcher cudaImage = Pattern.compile("(?m)^ARG CUDA_IMAGE=nvidia/cuda:12\\.[0-9.]+-cudnn-runtime-\\S+$").matcher(gpu);
        assertTrue(cudaImage.find(), "CUDA 12 with cuDNN 9 (the cudnn images of CUDA 12.x)");
        assertTrue(gpu.contains("COPY --from=cuda /out/cuda/ /opt/cuda/lib/") && gpu.contains("LD_LIBRARY_PATH=/opt/cuda/lib"),
                "the CUDA libraries are on the library path");
        for (String lib : List.of("libcudart.so.12", "libcublasLt.so.12", "libcufft.so.11", "libcurand.so.10", "libcudnn")) {
            assertTrue(gpu.contains(lib), lib);
        }
    }

    @Test
    void dockerfilesCopyOnlyWhatExistsAndHoldNoSecrets() throws IOException {
        for (String dockerfile : List.of("Dockerfile", "Dockerfile.gpu")) {
            String text = Files.readString(DOCKER.resolve(dockerfile));
            Map<String, String> args = new LinkedHashMap<>();
            Matcher a = Pattern.compile("(?m)^ARG (\\w+)(?:=(\\S+))?").matcher(text);
            while (a.find()) {
                args.put(a.group(1), a.group(2));
            }
            for (String name : args.keySet()) {
                assertFalse(name.matches("(?i).*(password|secret|token|credential).*"), dockerfile + ": ARG " + name);
            }
            assertFalse(text.matches("(?is).*^ENV [^\\n]*(password|secret|token)[^\\n]*$.*"), dockerfile + ": ENV");
            Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(?:--\\S+ )*(.+) (\\S+)$").matcher(text);
            int copies = 0;
            while (copy.find()) {
                for (String source : copy.group(1).split(" ")) {
                    String resolved = substitute(source, args);
                    assertTrue(Files.exists(ROOT.resolve(resolved)), dockerfile + ": COPY " + resolved + " exists");
                    copies++;
                }
            }
            assertTrue(copies >= 10, dockerfile + " copies the sources: " + copies);
        }
        String ignore = Files.readString(ROOT.resolve(".dockerignore"));
        assertTrue(ignore.contains(".git") && ignore.contains("**/target") && ignore.contains("deploy/local/run"));
    }

    @Test
    void theKafkaTopicsAreTheJobsWithRoomForItsParallelism() throws IOException {
        CommandLine run = ClusterEntry.commandLine(StreamExecutionEnvironment.getExecutionEnvironment());
        Set<String> jobTopics = Set.of(
                run.getCommandSpec().findOption("--frames-topic").defaultValue(),
                run.getCommandSpec().findOption("--proposals-topic").defaultValue(),
                run.getCommandSpec().findOption("--dead-letter-topic").defaultValue());
        Map<String, Map<String, Object>> topics = new LinkedHashMap<>();
        for (Map<String, Object> t : documents(K8S.resolve("base"), "KafkaTopic")) {
            assertEquals("kafka.strimzi.io/v1beta2", t.get("apiVersion"));
            assertNotNull(map(t, "metadata", "labels").get("strimzi.io/cluster"), "Strimzi needs the cluster label");
            topics.put((String) map(t, "spec").get("topicName"), map(t, "spec"));
        }
        assertEquals(jobTopics, topics.keySet());
        int parallelism = ((Number) map(only(documents(K8S.resolve("base"), "FlinkDeployment")), "spec", "job")
                .get("parallelism")).intValue();
        String frames = run.getCommandSpec().findOption("--frames-topic").defaultValue();
        assertTrue(((Number) topics.get(frames).get("partitions")).intValue() >= parallelism,
                "at least one frames partition per source subtask");
        long frameBytes = Long.parseLong(strings(map(topics.get(frames), "config")).get("max.message.bytes"));
        long deadLetterBytes = Long.parseLong(strings(map(topics.get(
                run.getCommandSpec().findOption("--dead-letter-topic").defaultValue()), "config")).get("max.message.bytes"));
        assertTrue(deadLetterBytes >= frameBytes, "a dead letter carries a whole frame");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSecuredKafkaComponentGivesTheJobItsSettingsAndItsUserExactlyTheJobsAcls() throws IOException {
        Path secured = K8S.resolve("components/secured-kafka");
        Map<String, Object> patch = only(documents(secured, "FlinkDeployment"));
        List<String> args = ((List<Object>) map(patch, "spec", "job").get("args")).stream().map(String::valueOf).toList();
        ParseResult run = ClusterEntry.commandLine(StreamExecutionEnvironment.getExecutionEnvironment())
                .parseArgs(args.toArray(String[]::new));
        String properties = run.matchedOptionValue("--kafka-properties", (Path) null).toString();
        assertTrue(run.matchedOptionValue("--bootstrap-servers", "").endsWith(":9093"), "the TLS listener: " + args);
        assertEquals("/opt/vidprop/model", run.matchedOptionValue("--model", null), "the base's arguments are kept");

        Map<String, Object> pod = map(patch, "spec", "podTemplate", "spec");
        Map<String, Object> init = (Map<String, Object>) ((List<Object>) pod.get("initContainers")).get(0);
        assertTrue(String.valueOf(init.get("args")).contains("> " + properties), "the init container writes " + properties);
        // Lists of a custom resource are replaced, not merged: the main container must keep the base's settings.
        Map<String, Object> base = only(documents(K8S.resolve("base"), "FlinkDeployment"));
        Map<String, Object> baseMain = (Map<String, Object>) ((List<Object>) map(base, "spec", "podTemplate", "spec")
                .get("containers")).get(0);
        Map<String, Object> main = (Map<String, Object>) ((List<Object>) pod.get("containers")).get(0);
        assertEquals(baseMain.get("env"), main.get("env"));
        assertEquals(baseMain.get("ports"), main.get("ports"));
        String clientProperties = Files.readString(secured.resolve("client.properties"));
        assertTrue(clientProperties.contains("security.protocol=SASL_SSL"), clientProperties);
        assertFalse(clientProperties.contains("\nsasl.jaas.config") || clientProperties.contains("password="),
                "no credentials in the ConfigMap");

        CommandLine job = ClusterEntry.commandLine(StreamExecutionEnvironment.getExecutionEnvironment());
        String frames = job.getCommandSpec().findOption("--frames-topic").defaultValue();
        Set<String> expected = Set.of(
                "topic " + frames + " literal [Read, Describe]",
                "group " + job.getCommandSpec().findOption("--group-id").defaultValue() + " literal [Read]",
                "topic " + job.getCommandSpec().findOption("--proposals-topic").defaultValue() + " literal [Write, Describe]",
                "topic " + job.getCommandSpec().findOption("--dead-letter-topic").defaultValue() + " literal [Write, Describe]",
                "transactionalId " + job.getCommandSpec().findOption("--transactional-id-prefix").defaultValue()
                        + " prefix [Write, Describe]");
        Map<String, Set<String>> aclsByUser = new LinkedHashMap<>();
        for (Map<String, Object> user : documents(secured, "KafkaUser")) {
            assertEquals("scram-sha-512", map(user, "spec", "authentication").get("type"));
            Set<String> acls = new java.util.TreeSet<>();
            for (Object a : (List<Object>) map(user, "spec", "authorization").get("acls")) {
                Map<String, Object> r = map((Map<String, Object>) a, "resource");
                acls.add(r.get("type") + " " + r.get("name") + " " + r.get("patternType") + " "
                        + ((Map<String, Object>) a).get("operations"));
            }
            aclsByUser.put((String) map(user, "metadata").get("name"), acls);
        }
        assertEquals(new java.util.TreeSet<>(expected), aclsByUser.get("vidprop-job"));
        assertEquals(Set.of("topic " + frames + " literal [Write, Describe, DescribeConfigs]"),
                aclsByUser.get("vidprop-publisher"));
    }

    @Test
    void everyKustomizationNamesFilesThatExist() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path k : files.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).toList()) {
                Map<String, Object> doc = only(load(k));
                List<String> refs = new ArrayList<>();
                refs.addAll(listOf(doc.get("resources")));
                refs.addAll(listOf(doc.get("configurations")));
                refs.addAll(listOf(doc.get("components")));
                for (Object generator : listOf(doc.get("configMapGenerator"))) {
                    refs.addAll(listOf(((Map<?, ?>) generator).get("files")));
                }
                for (Object patch : listOf(doc.get("patches"))) {
                    refs.add((String) ((Map<?, ?>) patch).get("path"));
                }
                assertFalse(refs.isEmpty(), k.toString());
                for (String ref : refs) {
                    assertTrue(Files.exists(k.getParent().resolve(ref)), k + " names " + ref);
                }
            }
        }
    }

    /** Each value Flink can parse as its option's type (durations, memory sizes, enums, lists, numbers). */
    static void assertValuesParse(Map<String, String> conf) {
        Configuration c = Configuration.fromMap(conf);
        for (String key : conf.keySet()) {
            options.find(key).filter(o -> o.key().equals(key)).ifPresent(o -> {
                try {
                    c.get(o);
                } catch (RuntimeException e) {
                    fail(key + ": " + conf.get(key) + " is not a valid value: " + e.getMessage());
                }
            });
        }
    }

    /** The Kubernetes-only keys come from flink-kubernetes, which a job has no reason to depend on. */
    static Map<String, String> withoutPluginKeys(Map<String, String> conf) {
        Map<String, String> out = new LinkedHashMap<>(conf);
        out.keySet().removeIf(k -> k.matches("external-resource\\.[^.]+\\.kubernetes\\.config-key"));
        return out;
    }

    static String substitute(String s, Map<String, String> args) {
        Matcher m = Pattern.compile("\\$\\{(\\w+)}").matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(args.get(m.group(1)))));
        }
        return m.appendTail(out).toString();
    }

    static List<String> copyDestinations(Path dockerfile) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(dockerfile)) {
            if (line.startsWith("COPY ")) {
                out.add(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return out;
    }

    @Test
    void theGrafanaDashboardWatchesCheckpoints() throws IOException {
        // Its operator metrics are checked against what the operator registers by operators' ProposalMetricsTest.
        assertTrue(Files.readString(ROOT.resolve("deploy/grafana/vidprop-dashboard.json"))
                .contains("flink_jobmanager_job_numberOfFailedCheckpoints"), "checkpoints");
    }

    /** deploy/local/conf/config.yaml with its placeholders filled in as start-cluster.sh does, into dir/config.yaml. */
    static void writeLocalClusterConfig(Path dir) throws IOException {
        String yaml = Files.readString(ROOT.resolve("deploy/local/conf/config.yaml"))
                .replace("@RUN_DIR@", dir.toString()).replace("@RPC_PORT@", "6123").replace("@REST_PORT@", "8081")
                .replace("@PROMETHEUS_PORTS@", "9249-9259");
        assertFalse(yaml.contains("@"), "a placeholder start-cluster.sh fills in and this test does not");
        Files.writeString(dir.resolve("config.yaml"), yaml);
    }

    static java.lang.reflect.Method loadMain(String className) {
        try {
            return Class.forName(className).getMethod("main", String[].class);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(className + " has no main method", e);
        }
    }

    static File classPathJar(String prefix) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (new File(entry).getName().startsWith(prefix)) {
                return new File(entry);
            }
        }
        throw new AssertionError("no " + prefix + "*.jar on the class path");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> mainContainer(Map<String, Object> podTemplate) {
        for (Object c : (List<Object>) map(podTemplate, "spec").get("containers")) {
            if ("flink-main-container".equals(((Map<String, Object>) c).get("name"))) {
                return (Map<String, Object>) c;
            }
        }
        throw new AssertionError("no flink-main-container in " + podTemplate);
    }

    static List<Map<String, Object>> documents(Path dir, String kind) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (Map<String, Object> doc : load(f)) {
                    if (kind.equals(doc.get("kind"))) {
                        out.add(doc);
                    }
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> load(Path file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(file))) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }

    static <T> T only(List<T> list) {
        assertEquals(1, list.size(), list.toString());
        return list.get(0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String... path) {
        Map<String, Object> cur = m;
        for (String p : path) {
            Object next = cur.get(p);
            assertNotNull(next, "missing " + String.join(".", path) + " (at " + p + ")");
            cur = (Map<String, Object>) next;
        }
        return cur;
    }

    static Map<String, String> strings(Map<String, Object> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> listOf(Object o) {
        return o == null ? List.of() : (List<T>) o;
    }

}
