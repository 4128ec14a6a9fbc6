package io.prefstream.trainer.model;

import java.io.IOException;
import java.nio.file.Path;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;

/**
 * A {@link TransformerLm} inside a DJL {@link Model} on the PyTorch engine.
 *
 * <p>Owns the model's native memory: the caller must {@link #close()} it, normally in a
 * try-with-resources block.
 */
public final class LanguageModel implements AutoCloseable {

    /** Engine the trainer runs on; the natives come from the bundled pytorch-native jar. */
    public static final String ENGINE = "PyTorch";

    /** Name prefix of the parameter file written by {@link #save(Path)}. */
    public static final String PARAMETERS_NAME = "policy";

    private static final float INIT_STD = 0.02f;

    private final Model model;
    private final TransformerLm block;

    private LanguageModel(Model model, TransformerLm block) {
        this.model = model;
        this.block = block;
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
        return new LanguageModel(model, block);
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
        return new LanguageModel(model, block);
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
        return block.forward(store, new NDList(tokens), training).head();
    }

    /**
     * Runs one decoding pass; see {@link TransformerLm} for the input and output layout.
     *
     * @param store the parameter store, normally {@link #inferenceStore()}
     * @param inputs {@code (tokens, positions, mask, cached keys and values...)}
     * @return {@code (logits, keys and values...)}
     */
    public NDList decode(ParameterStore store, NDList inputs) {
        return block.forward(store, inputs, false);
    }

    /** Returns a parameter store for forward passes without a trainer. */
    public ParameterStore inferenceStore() {
        return new ParameterStore(model.getNDManager(), false);
    }

    /** Returns the model shape. */
    public ModelSpec spec() {
        return block.spec();
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
}
