package io.prefstream.trainer.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;

/**
 * A causal language model inside a DJL {@link Model} on the PyTorch engine: either the project's
 * own {@link TransformerLm}, or a pretrained decoder-only model exported to TorchScript.
 *
 * <p>Both map token ids {@code [B, T]} to next-token logits {@code [B, T, vocab]} and train
 * through the same DJL trainer. Only the project's own model decodes with a key/value cache
 * ({@link #hasKeyValueCache()}); a TorchScript model is sampled by rerunning the sequence.
 *
 * <p>Owns the model's native memory: the caller must {@link #close()} it, normally in a
 * try-with-resources block.
 */
public final class LanguageModel implements AutoCloseable {

    /** Engine the trainer runs on; the natives come from the bundled pytorch-native jar. */
    public static final String ENGINE = "PyTorch";

    /** Name prefix of the parameter file written by {@link #save(Path)}. */
    public static final String PARAMETERS_NAME = "policy";

    /** Model name given to an imported TorchScript model. */
    public static final String TORCHSCRIPT = "torchscript";

    private static final float INIT_STD = 0.02f;
    private static final String TORCHSCRIPT_SUFFIX = ".pt";
    /** DJL's PyTorch option that keeps a TorchScript module's parameters trainable. */
    private static final Map<String, String> TRAINABLE = Map.of("trainParam", "true");

    private final Model model;
    private final TransformerLm block;
    private final int vocabSize;
    private final int maxPositions;

    private LanguageModel(Model model, TransformerLm block, int vocabSize, int maxPositions) {
        this.model = model;
        this.block = block;
        this.vocabSize = vocabSize;
        this.maxPositions = maxPositions;
    }

    /**
     * Creates a freshly initialised model.
     *
     * @param spec the model shape
     * @param device where the parameters live, {@code cpu} by default
     * @param seed seeds the engine's generator before the weights are drawn
     */
    public static LanguageModel create(ModelSpec spec, Device device, long seed) {
        Engine.getEngine(ENGINE).setRandomSeed((int) seed);
        Model model = Model.newInstance(spec.preset(), device, ENGINE);
        TransformerLm block = new TransformerLm(spec);
        block.setInitializer(new NormalInitializer(INIT_STD), Parameter.Type.WEIGHT);
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, spec.maxPositions()));
        return new LanguageModel(model, block, spec.vocabSize(), spec.maxPositions());
    }

    /**
     * Loads a model saved by {@link #save(Path)}.
     *
     * @param directory the directory holding the parameter file
     * @param spec the shape the model was saved with
     * @param device where to place the parameters
     * @throws IOException when the file is missing or does not match the spec
     */
    public static LanguageModel load(Path directory, ModelSpec spec, Device device) throws IOException {
        Model model = Model.newInstance(spec.preset(), device, ENGINE);
        TransformerLm block = new TransformerLm(spec);
        model.setBlock(block);
        try {
            model.load(directory, PARAMETERS_NAME);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw new IOException("cannot load model parameters from " + directory, e);
        }
        return new LanguageModel(model, block, spec.vocabSize(), spec.maxPositions());
    }

    /**
     * Imports a pretrained model exported to TorchScript, its parameters trainable.
     *
     * <p>The module must map int64 ids {@code [B, T]} to float logits {@code [B, T, vocab]} under a
     * causal mask, for any {@code T} up to {@code maxPositions}.
     *
     * @param file the {@code .pt} file
     * @param maxPositions the longest sequence the trainer will feed it
     * @param device where to place the parameters
     * @throws IOException when the file is missing or not a TorchScript module of that form
     */
    public static LanguageModel importTorchScript(Path file, int maxPositions, Device device) throws IOException {
        String name = file.getFileName().toString();
        if (!name.endsWith(TORCHSCRIPT_SUFFIX) || !Files.isRegularFile(file)) {
            throw new IOException("pretrained model " + file + " is not a TorchScript " + TORCHSCRIPT_SUFFIX + " file");
        }
        Model model = Model.newInstance(TORCHSCRIPT, device, ENGINE);
        try {
            model.load(file.toAbsolutePath().getParent(), name.substring(0, name.length() - TORCHSCRIPT_SUFFIX.length()),
                    TRAINABLE);
            return new LanguageModel(model, null, probeVocabulary(model, file), maxPositions);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw new IOException("cannot load the TorchScript model " + file, e);
        }
    }

    /**
     * Loads a TorchScript model saved by {@link #save(Path)}: the parameter file holds the whole
     * module, so the original export is not needed.
     *
     * @param directory the directory holding the parameter file
     * @param maxPositions the longest sequence the trainer will feed it
     * @param device where to place the parameters
     * @throws IOException when the file is missing or unreadable
     */
    public static LanguageModel loadTorchScript(Path directory, int maxPositions, Device device) throws IOException {
        Model model = Model.newInstance(TORCHSCRIPT, device, ENGINE);
        try {
            model.setBlock(new PtSymbolBlock((PtNDManager) model.getNDManager()));
            model.load(directory, PARAMETERS_NAME, TRAINABLE);
            return new LanguageModel(model, null, probeVocabulary(model, directory), maxPositions);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw new IOException("cannot load the TorchScript model saved in " + directory, e);
        }
    }

    /** Runs two tokens through the module and returns the size of its logits' last axis. */
    private static int probeVocabulary(Model model, Path source) throws IOException {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray tokens = manager.zeros(new Shape(1, 2), DataType.INT64);
            NDList out = model.getBlock().forward(new ParameterStore(manager, false), new NDList(tokens), false);
            Shape logits = out.head().getShape();
            if (logits.dimension() != 3 || logits.get(0) != 1 || logits.get(1) != 2) {
                throw new IOException(source + " maps ids [1, 2] to " + logits + ", expected logits [1, 2, vocab]");
            }
            return Math.toIntExact(logits.get(2));
        }
    }

    /** Writes the parameters into the directory as {@code policy-0000.params}. */
    public void save(Path directory) throws IOException {
        model.save(directory, PARAMETERS_NAME);
    }

    /**
     * Runs the network.
     *
     * @param store the parameter store of a trainer, or {@link #inferenceStore()}
     * @param tokens ids {@code [B, T]}, int64
     * @param training whether this is a training pass
     * @return logits {@code [B, T, vocab]}, attached to the tokens' manager
     */
    public NDArray logits(ParameterStore store, NDArray tokens, boolean training) {
        return network().forward(store, new NDList(tokens), training).head();
    }

    /**
     * Runs one decoding pass; see {@link TransformerLm} for the input and output layout.
     *
     * @param store the parameter store, normally {@link #inferenceStore()}
     * @param inputs {@code (tokens, positions, mask, cached keys and values...)}
     * @return {@code (logits, keys and values...)}
     * @throws UnsupportedOperationException for a model without a key/value cache
     */
    public NDList decode(ParameterStore store, NDList inputs) {
        if (block == null) {
            throw new UnsupportedOperationException("a TorchScript model decodes without a key/value cache");
        }
        return block.forward(store, inputs, false);
    }

    /** Returns whether {@link #decode} is available. */
    public boolean hasKeyValueCache() {
        return block != null;
    }

    /** Returns a parameter store for forward passes without a trainer. */
    public ParameterStore inferenceStore() {
        return new ParameterStore(model.getNDManager(), false);
    }

    /**
     * Returns the shape of the project's own model.
     *
     * @throws IllegalStateException for an imported TorchScript model, whose shape is its own
     */
    public ModelSpec spec() {
        if (block == null) {
            throw new IllegalStateException("an imported TorchScript model has no preset shape");
        }
        return block.spec();
    }

    /** Returns the number of ids the model scores, special ids included. */
    public int vocabSize() {
        return vocabSize;
    }

    /** Returns the longest sequence the model reads. */
    public int maxPositions() {
        return maxPositions;
    }

    /** Returns the DJL model, for creating trainers. */
    public Model djlModel() {
        return model;
    }

    /** Returns the device the parameters live on. */
    public Device device() {
        return model.getNDManager().getDevice();
    }

    @Override
    public void close() {
        model.close();
    }

    private Block network() {
        return block != null ? block : model.getBlock();
    }
}
