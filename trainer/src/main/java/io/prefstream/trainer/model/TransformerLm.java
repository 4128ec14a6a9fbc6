package io.prefstream.trainer.model;

import java.util.ArrayList;
import java.util.List;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Decoder-only transformer language model: token embedding plus learned positions, pre-norm
 * decoder blocks, a final LayerNorm and an output projection to the vocabulary.
 *
 * <p>Two input forms:
 * <ul>
 *   <li>{@code (tokens [B, T])}: positions {@code 0..T-1} under a causal mask; output
 *       {@code (logits [B, T, vocab])}. Sequences are right-padded; the causal mask keeps every real
 *       position from seeing the padding after it, so no padding mask is needed.</li>
 *   <li>{@code (tokens [B, T], positions [B, T], mask, k0, v0, k1, v1, ...)} for decoding: explicit
 *       int64 positions, an additive mask {@code [B, 1, T, S]}, and optionally the cached keys and
 *       values of the {@code S - T} earlier positions of every layer; output
 *       {@code (logits, k0, v0, k1, v1, ...)} with the keys and values of all {@code S} positions.</li>
 * </ul>
 *
 * <p>The output projection has one unit per vocabulary id by default; with {@code headUnits = 1}
 * the same trunk gives one scalar per position, which is how a reward model reads a sequence.
 *
 * <p>Every intermediate array is created from the input's manager, so closing the caller's
 * batch manager frees it.
 */
public final class TransformerLm extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final int FEATURE_AXIS = 2;
    private static final float MASKED = -1e9f;

    private final ModelSpec spec;
    private final int headUnits;
    private final Parameter tokenEmbedding;
    private final Parameter positionEmbedding;
    private final List<DecoderLayer> layers = new ArrayList<>();
    private final LayerNorm finalNorm;
    private final Linear head;

    /**
     * Creates a language model block; parameters are allocated by {@code initialize}.
     *
     * @param spec the model shape
     */
    public TransformerLm(ModelSpec spec) {
        this(spec, spec.vocabSize());
    }

    /**
     * Creates the block with another output width; parameters are allocated by {@code initialize}.
     *
     * @param spec the model shape
     * @param headUnits outputs per position: the vocabulary size for a language model, 1 for a scalar score
     */
    public TransformerLm(ModelSpec spec, int headUnits) {
        super(VERSION);
        if (headUnits < 1) {
            throw new IllegalArgumentException("head units must be positive, got " + headUnits);
        }
        this.spec = spec;
        this.headUnits = headUnits;
        this.tokenEmbedding = addParameter(Parameter.builder()
                .setName("tokenEmbedding")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(spec.vocabSize(), spec.modelDim()))
                .build());
        this.positionEmbedding = addParameter(Parameter.builder()
                .setName("positionEmbedding")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(spec.maxPositions(), spec.modelDim()))
                .build());
        for (int i = 0; i < spec.layers(); i++) {
            layers.add(addChildBlock("layer" + i, new DecoderLayer(spec)));
        }
        this.finalNorm = addChildBlock("finalNorm", LayerNorm.builder().axis(FEATURE_AXIS).build());
        this.head = addChildBlock("head", Linear.builder().setUnits(headUnits).build());
    }

    /** Returns the model shape. */
    public ModelSpec spec() {
        return spec;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray tokens = inputs.head();
        Device device = tokens.getDevice();
        boolean decoding = inputs.size() > 1;
        boolean cached = inputs.size() > 3;
        int time = Math.toIntExact(tokens.getShape().get(1));
        if (!decoding && time > spec.maxPositions()) {
            throw new IllegalArgumentException("sequence length " + time + " exceeds the model's "
                    + spec.maxPositions() + " positions");
        }

        // position ids come from the batch manager so the looked-up rows are freed with the batch
        NDArray positions = decoding ? inputs.get(1) : tokens.getManager().arange(0, time, 1, DataType.INT64);
        NDArray mask = decoding ? inputs.get(2) : causalMask(positions);
        NDArray x = Embedding.embedding(tokens, store.getValue(tokenEmbedding, device, training),
                SparseFormat.DENSE).head();
        x = x.add(Embedding.embedding(positions, store.getValue(positionEmbedding, device, training),
                SparseFormat.DENSE).head());

        NDList caches = new NDList();
        for (int i = 0; i < layers.size(); i++) {
            NDList layerInputs = new NDList(x, mask);
            if (cached) {
                layerInputs.add(inputs.get(3 + 2 * i));
                layerInputs.add(inputs.get(4 + 2 * i));
            }
            NDList out = layers.get(i).forward(store, layerInputs, training);
            x = out.get(0);
            caches.add(out.get(1));
            caches.add(out.get(2));
        }
        NDArray normed = finalNorm.forward(store, new NDList(x), training).head();
        NDList result = head.forward(store, new NDList(normed), training);
        if (decoding) {
            result.addAll(caches);
        }
        return result;
    }

    /** Returns the additive mask {@code [T, T]}: 0 on and below the diagonal, a large negative above. */
    private static NDArray causalMask(NDArray positions) {
        NDArray future = positions.expandDims(0).gt(positions.expandDims(1));
        return future.toType(DataType.FLOAT32, false).mul(MASKED);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape tokens = inputShapes[0];
        return new Shape[] {new Shape(tokens.get(0), tokens.get(1), headUnits)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape tokens = inputShapes[0];
        Shape hidden = new Shape(tokens.get(0), tokens.get(1), spec.modelDim());
        Shape mask = new Shape(tokens.get(1), tokens.get(1));
        for (DecoderLayer layer : layers) {
            layer.initialize(manager, dataType, hidden, mask);
        }
        finalNorm.initialize(manager, dataType, hidden);
        head.initialize(manager, dataType, hidden);
    }
}
