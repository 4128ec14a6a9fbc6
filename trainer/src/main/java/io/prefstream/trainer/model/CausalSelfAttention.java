package io.prefstream.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head self-attention under an additive mask.
 *
 * <p>Input: hidden states {@code [B, T, d]}, an additive mask broadcastable to
 * {@code [B, H, T, S]} (0 where a query may attend to a key, a large negative number elsewhere),
 * and optionally the keys and values of earlier positions {@code [B, H, S - T, dh]} each.
 * Output: {@code [B, T, d]}, then the keys and values of all {@code S} positions, which the
 * caller may pass back in to decode the next token without recomputing the prefix.
 */
final class CausalSelfAttention extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int modelDim;
    private final int heads;
    private final Linear qkv;
    private final Linear output;

    CausalSelfAttention(ModelSpec spec) {
        super(VERSION);
        this.modelDim = spec.modelDim();
        this.heads = spec.heads();
        this.qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * modelDim).build());
        this.output = addChildBlock("output", Linear.builder().setUnits(modelDim).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray mask = inputs.get(1);
        long batch = x.getShape().get(0);
        long time = x.getShape().get(1);
        int headDim = modelDim / heads;

        // [B, T, 3d] -> [3, B, H, T, dh]: one projection for queries, keys and values
        NDArray projected = qkv.forward(store, new NDList(x), training).head();
        NDArray split = projected.reshape(batch, time, 3, heads, headDim).transpose(2, 0, 3, 1, 4);
        NDArray query = split.get(0);
        NDArray key = split.get(1);
        NDArray value = split.get(2);
        if (inputs.size() > 2) {
            key = inputs.get(2).concat(key, 2);
            value = inputs.get(3).concat(value, 2);
        }

        // the scale is a libtorch-owned scalar: autograd keeps it for the backward pass, see Scalars
        NDArray scores = Scalars.times(query.matMul(key.transpose(0, 1, 3, 2)), (float) (1.0 / Math.sqrt(headDim)))
                .add(mask);
        NDArray context = scores.softmax(-1).matMul(value);
        NDArray merged = context.transpose(0, 2, 1, 3).reshape(batch, time, modelDim);
        NDArray result = output.forward(store, new NDList(merged), training).head();
        return new NDList(result, key, value);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        Shape keys = new Shape(x.get(0), heads, x.get(1), modelDim / heads);
        return new Shape[] {x, keys, keys};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        qkv.initialize(manager, dataType, inputShapes[0]);
        output.initialize(manager, dataType, inputShapes[0]);
    }
}
