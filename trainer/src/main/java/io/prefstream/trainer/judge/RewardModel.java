package io.prefstream.trainer.judge;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;

import io.prefstream.trainer.data.TokenizedSequence;
import io.prefstream.trainer.model.InferenceMode;
import io.prefstream.trainer.model.LanguageModel;
import io.prefstream.trainer.model.ModelSpec;
import io.prefstream.trainer.model.TransformerLm;

/**
 * A reward model: the trainer's transformer trunk with a one-unit head, read at a sequence's last token.
 *
 * <p>Owns the model's native memory: the caller must {@link #close()} it, normally in a
 * try-with-resources block.
 */
public final class RewardModel implements AutoCloseable {

    /** Name prefix of the parameter file written by {@link #save(Path)}. */
    public static final String PARAMETERS_NAME = "reward";

    private static final float INIT_STD = 0.02f;
    private static final int SCALAR = 1;

    private final Model model;
    private final ModelSpec spec;

    private RewardModel(Model model, ModelSpec spec) {
        this.model = model;
        this.spec = spec;
    }

    /**
     * Creates a freshly initialised reward model.
     *
     * @param spec the trunk's shape
     * @param device where the parameters live
     * @param engineSeed seeds the engine's generator right before the weights are drawn
     */
    public static RewardModel create(ModelSpec spec, Device device, int engineSeed) {
        Engine.getEngine(LanguageModel.ENGINE).setRandomSeed(engineSeed);
        Model model = Model.newInstance("judge-" + spec.preset(), device, LanguageModel.ENGINE);
        TransformerLm block = new TransformerLm(spec, SCALAR);
        block.setInitializer(new NormalInitializer(INIT_STD), Parameter.Type.WEIGHT);
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, spec.maxPositions()));
        return new RewardModel(model, spec);
    }

    /**
     * Loads a reward model saved by {@link #save(Path)}.
     *
     * @throws IOException when the file is missing or does not match the spec
     */
    public static RewardModel load(Path directory, ModelSpec spec, Device device) throws IOException {
        Model model = Model.newInstance("judge-" + spec.preset(), device, LanguageModel.ENGINE);
        model.setBlock(new TransformerLm(spec, SCALAR));
        try {
            model.load(directory, PARAMETERS_NAME);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw new IOException("cannot load reward model parameters from " + directory, e);
        }
        return new RewardModel(model, spec);
    }

    /** Writes the parameters into the directory as {@code reward-0000.params}. */
    public void save(Path directory) throws IOException {
        model.save(directory, PARAMETERS_NAME);
    }

    /**
     * Returns the reward of each sequence, in input order, without gradients.
     *
     * @param sequences the sequences to score
     * @param batchSize sequences per forward pass; they are grouped by length to keep padding low
     */
    public double[] score(List<TokenizedSequence> sequences, int batchSize) {
        int[] order = IntStream.range(0, sequences.size()).boxed()
                .sorted(Comparator.comparingInt(i -> sequences.get(i).length()))
                .mapToInt(Integer::intValue).toArray();
        double[] rewards = new double[sequences.size()];
        ParameterStore store = new ParameterStore(model.getNDManager(), false);
        for (int start = 0; start < order.length; start += batchSize) {
            int from = start;
            int to = Math.min(order.length, start + batchSize);
            List<TokenizedSequence> chunk = IntStream.range(from, to).mapToObj(i -> sequences.get(order[i])).toList();
            float[] values = InferenceMode.call(() -> scoreBatch(store, chunk));
            for (int i = from; i < to; i++) {
                rewards[order[i]] = values[i - from];
            }
        }
        return rewards;
    }

    private float[] scoreBatch(ParameterStore store, List<TokenizedSequence> chunk) {
        // each batch's arrays live in a sub-manager so native memory is returned per batch
        try (NDManager manager = model.getNDManager().newSubManager()) {
            RewardBatch batch = RewardBatch.of(manager, chunk);
            return batch.read(model.getBlock().forward(store, new NDList(batch.tokens()), false).head())
                    .toFloatArray();
        }
    }

    /** Returns the trunk's shape. */
    public ModelSpec spec() {
        return spec;
    }

    /** Returns the DJL model, for creating trainers. */
    Model djlModel() {
        return model;
    }

    @Override
    public void close() {
        model.close();
    }
}
