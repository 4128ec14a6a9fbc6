package io.prefstream.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-norm decoder block: {@code x + attn(ln1(x))}, then {@code h + mlp(ln2(h))} with a GELU MLP.
 *
 * <p>Input and output follow {@link CausalSelfAttention}: hidden states, mask and optional
 * cached keys and values in; hidden states and the updated keys and values out.
 */
final class DecoderLayer extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final int FEATURE_AXIS = 2;

    private final int ffnDim;
    private final LayerNorm attentionNorm;
    private final CausalSelfAttention attention;
    private final LayerNorm mlpNorm;
    private final Linear mlpIn;
    private final Linear mlpOut;

    DecoderLayer(ModelSpec spec) {
        super(VERSION);
        this.ffnDim = spec.ffnDim();
        this.attentionNorm = addChildBlock("attentionNorm", LayerNorm.builder().axis(FEATURE_AXIS).build());
        this.attention = addChildBlock("attention", new CausalSelfAttention(spec));
        this.mlpNorm = addChildBlock("mlpNorm", LayerNorm.builder().axis(FEATURE_AXIS).build());
        this.mlpIn = addChildBlock("mlpIn", Linear.builder().setUnits(spec.ffnDim()).build());
        this.mlpOut = addChildBlock("mlpOut", Linear.builder().setUnits(spec.modelDim()).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray mask = inputs.get(1);

        NDArray normed = attentionNorm.forward(store, new NDList(x), training).head();
        NDList attentionInputs = new NDList(normed, mask);
        if (inputs.size() > 2) {
            attentionInputs.add(inputs.get(2));
            attentionInputs.add(inputs.get(3));
        }
        NDList attended = attention.forward(store, attentionInputs, training);
        NDArray h = x.add(attended.get(0));

        NDArray hidden = mlpIn.forward(store, new NDList(mlpNorm.forward(store, new NDList(h), training).head()),
                training).head();
        NDArray mlp = mlpOut.forward(store, new NDList(Activation.gelu(hidden)), training).head();
        return new NDList(h.add(mlp), attended.get(1), attended.get(2));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return attention.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape hidden = inputShapes[0];
        attentionNorm.initialize(manager, dataType, hidden);
        attention.initialize(manager, dataType, inputShapes);
        mlpNorm.initialize(manager, dataType, hidden);
        mlpIn.initialize(manager, dataType, hidden);
        mlpOut.initialize(manager, dataType, new Shape(hidden.get(0), hidden.get(1), ffnDim));
    }
}
