package io.vidprop.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import io.vidprop.image.RgbImage;
import io.vidprop.rpn.Proposals;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A region-proposal model ready to run: the network (vidprop's built-in one, an ONNX graph or a TorchScript module)
 * on a DJL device, with its configuration's pre- and post-processing. Images of any size go in; proposals in each
 * image's own pixel coordinates come out, best first.
 *
 * <p>Not thread-safe: use one instance per thread (a Flink task slot loads its own). Close it to free native memory.
 */
public final class ProposalModel implements AutoCloseable {
    /** Classpath folder of the built-in default model. */
    public static final String DEFAULT_RESOURCE = "/io/vidprop/model/default/";

    private final ModelConfig config;
    private final Model model;
    private final Predictor<List<RgbImage>, List<Proposals>> predictor;
    private final String source;

    private ProposalModel(ModelConfig config, Model model, String source) {
        this.config = config;
        this.model = model;
        this.source = source;
        this.predictor = model.newPredictor(new RpnTranslator(config));
    }

    /**
     * Loads a model from a directory holding {@code model.json} and the file it names, from a {@code model.json}
     * file, or from an ONNX {@code .onnx} or TorchScript {@code .pt} file whose configuration sits beside it
     * ({@code NAME.json} or {@code model.json}). An ONNX or TorchScript network is run once on a small blank image
     * to check that its outputs match the configuration.
     */
    public static ProposalModel load(Path path, Device device) throws IOException {
        return load(path, device, 0);
    }

    /**
     * As {@link #load(Path, Device)}, with the CPU threads of an ONNX network: OnnxRuntime fixes its intra-op
     * threads per session when the model loads (0: its default, one per physical core), while PyTorch's are set for
     * the whole JVM with {@link #setCpuThreads(int)}.
     */
    public static ProposalModel load(Path path, Device device, int onnxCpuThreads) throws IOException {
        if (onnxCpuThreads < 0) {
            throw new IllegalArgumentException("ONNX CPU threads must be 0 (OnnxRuntime's default) or positive, got "
                    + onnxCpuThreads);
        }
        Path configPath = configPathFor(path);
        ModelConfig config = ModelConfig.read(configPath);
        Path dir = configPath.toAbsolutePath().getParent();
        Path file = networkFileExtension(path.getFileName().toString()) != null ? path
                : dir.resolve(config.network.file);
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file, "model file not found (named by " + configPath + ")");
        }
        if (config.network.type.equals("torchscript") || config.network.type.equals("onnx")) {
            Model model = config.network.type.equals("onnx") ? loadOnnx(file, device, onnxCpuThreads)
                    : loadTorchScript(file, device);
            try {
                NetworkCheck.outputsMatch(config, model, file.toString(), configPath.toString());
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
            return new ProposalModel(config, model, file.toString());
        }
        try (InputStream in = Files.newInputStream(file)) {
            return new ProposalModel(config, loadBuiltin(config, in, file.toString(), device), file.toString());
        }
    }

    /**
     * The DJL engine that would run the network of the model at {@code path} (null: the built-in one), read from its
     * configuration without loading it: {@code OnnxRuntime} or {@code PyTorch}.
     */
    public static String engineFor(Path path) throws IOException {
        if (path == null) {
            return "PyTorch";
        }
        return ModelConfig.read(configPathFor(path)).network.type.equals("onnx") ? "OnnxRuntime" : "PyTorch";
    }

    /**
     * The configuration of the model at {@code path} (a directory, its model.json, or an ONNX or TorchScript file),
     * read without loading the network.
     */
    public static ModelConfig readConfig(Path path) throws IOException {
        return ModelConfig.read(configPathFor(path));
    }

    /** The model shipped inside vidprop, used whenever no model is configured. */
    public static ProposalModel loadDefault(Device device) throws IOException {
        String configResource = DEFAULT_RESOURCE + "model.json";
        InputStream configStream = ProposalModel.class.getResourceAsStream(configResource);
        if (configStream == null) {
            throw new ModelLoadException("classpath:" + configResource, "the built-in model is missing from the jar");
        }
        ModelConfig config;
        try (InputStreamReader r = new InputStreamReader(configStream, StandardCharsets.UTF_8)) {
            config = ModelConfig.parse(r, "classpath:" + configResource);
        }
        String weights = DEFAULT_RESOURCE + config.network.file;
        try (InputStream in = ProposalModel.class.getResourceAsStream(weights)) {
            if (in == null) {
                throw new ModelLoadException("classpath:" + weights, "the built-in model's weights are missing");
            }
            return new ProposalModel(config, loadBuiltin(config, in, "classpath:" + weights, device),
                    "classpath:" + weights);
        }
    }

    /** A model with freshly initialised built-in weights (the start of training). */
    public static ProposalModel initialise(ModelConfig config, Device device) {
        Model model = Model.newInstance(config.modelId, device, "PyTorch");
        RpnNetwork network = RpnNetwork.of(config);
        network.initialize(model.getNDManager(), DataType.FLOAT32, exampleInput(config));
        model.setBlock(network);
        return new ProposalModel(config, model, "(initialised)");
    }

    static Shape exampleInput(ModelConfig config) {
        int d = config.input.sizeDivisible;
        int side = (config.input.minSize + d - 1) / d * d;
        return new Shape(1, 3, side, side);
    }

    private static Path configPathFor(Path path) {
        if (Files.isDirectory(path)) {
            return path.resolve("model.json");
        }
        String name = path.getFileName().toString();
        if (name.endsWith(".json")) {
            return path;
        }
        String extension = networkFileExtension(name);
        if (extension != null) {
            Path sibling = path.resolveSibling(name.substring(0, name.length() - extension.length()) + ".json");
            return Files.exists(sibling) ? sibling : path.resolveSibling("model.json");
        }
        if (!Files.exists(path)) {
            throw new ModelLoadException(path, "no such model directory or file");
        }
        throw new ModelLoadException(path, "expected a model directory, a model.json, an ONNX .onnx or a TorchScript "
                + ".pt file");
    }

    private static String networkFileExtension(String name) {
        return name.endsWith(".onnx") ? ".onnx" : name.endsWith(".pt") ? ".pt" : null;
    }

    private static Model loadBuiltin(ModelConfig config, InputStream weights, String source, Device device)
            throws IOException {
        Model model = Model.newInstance(config.modelId, device, "PyTorch");
        try {
            RpnNetwork network = RpnNetwork.of(config);
            network.initialize(model.getNDManager(), DataType.FLOAT32, exampleInput(config));
            Map<String, Shape> expected = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : network.getParameters()) {
                expected.put(p.getKey(), p.getValue().getArray().getShape());
            }
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(weights))) {
                network.loadParameters(model.getNDManager(), in);
                if (in.read() != -1) {
                    throw new ModelLoadException(source, "the weights file has trailing bytes: it does not match "
                            + "the network in the configuration");
                }
            } catch (MalformedModelException | IOException | RuntimeException e) {
                if (e instanceof ModelLoadException m) {
                    throw m;
                }
                throw new ModelLoadException(source, "cannot read the weights (truncated, corrupt or for another "
                        + "network): " + e.getMessage(), e);
            }
            for (Pair<String, Parameter> p : network.getParameters()) {
                Shape actual = p.getValue().getArray().getShape();
                if (!actual.equals(expected.get(p.getKey()))) {
                    throw new ModelLoadException(source, "parameter " + p.getKey() + " has shape " + actual
                            + " but the configured network needs " + expected.get(p.getKey()));
                }
            }
            SubnormalWeights.flushToZero(network);
            model.setBlock(network);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static Model loadTorchScript(Path file, Device device) throws IOException {
        Model model = Model.newInstance(file.getFileName().toString(), device, "PyTorch");
        String name = file.getFileName().toString();
        try {
            model.load(file.toAbsolutePath().getParent(), name.substring(0, name.length() - 3));
            return model;
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw new ModelLoadException(file.toString(), "cannot load the TorchScript module: " + e.getMessage(), e);
        }
    }

    private static Model loadOnnx(Path file, Device device, int cpuThreads) throws IOException {
        String name = file.getFileName().toString();
        Model model = Model.newInstance(name, device, "OnnxRuntime");
        try {
            Map<String, Object> options = new LinkedHashMap<>();
            if (cpuThreads > 0) {
                options.put("intraOpNumThreads", String.valueOf(cpuThreads));
                options.put("interOpNumThreads", "1");
            }
            model.load(file.toAbsolutePath().getParent(), name, options);
            return model;
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw new ModelLoadException(file.toString(), "cannot load the ONNX model: " + e.getMessage(), e);
        }
    }

    /** Proposals for each image, in the order given. */
    public List<Proposals> propose(List<RgbImage> images) {
        try {
            return predictor.predict(images);
        } catch (TranslateException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("inference failed on " + source + ": " + cause.getMessage(), cause);
        }
    }

    /** Runs the network on a prepared tensor [N,3,H,W] and returns its raw outputs (for tests and export). */
    public NDList forward(NDManager manager, float[] images, Shape shape) {
        return model.getBlock().forward(new ai.djl.training.ParameterStore(manager, false),
                new NDList(manager.create(images, shape)), false);
    }

    /** Proposals from the raw network outputs for a prepared batch, with no resizing (for tests and profiles). */
    public List<Proposals> proposeFromOutputs(NDList outputs, ImageBatch batch) {
        return new RpnTranslator(config).propose(outputs, batch);
    }

    public ModelConfig config() {
        return config;
    }

    public String modelId() {
        return config.modelId;
    }

    public Device device() {
        return model.getNDManager().getDevice();
    }

    public Model djlModel() {
        return model;
    }

    /** The DJL engine that runs the network: {@code PyTorch} (built-in, TorchScript) or {@code OnnxRuntime}. */
    public String engineName() {
        return model.getNDManager().getEngine().getEngineName();
    }

    public String source() {
        return source;
    }

    /**
     * Sets how many threads PyTorch uses inside one CPU operator (its intra-op threads, the same for every model in
     * this JVM, as {@code -Dai.djl.pytorch.num_threads} would at start-up); returns the previous count.
     */
    public static int setCpuThreads(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("PyTorch CPU threads must be positive, got " + threads);
        }
        Engine.getEngine("PyTorch");
        int before = JniUtils.getNumThreads();
        if (before != threads) {
            JniUtils.setNumThreads(threads);
        }
        return before;
    }

    /** PyTorch's intra-op threads for CPU work in this JVM. */
    public static int cpuThreads() {
        Engine.getEngine("PyTorch");
        return JniUtils.getNumThreads();
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
