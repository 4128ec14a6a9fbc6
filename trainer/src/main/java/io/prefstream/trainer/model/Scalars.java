package io.prefstream.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a constant that stays valid for the backward pass.
 *
 * <p>Use this, not DJL's {@code NDArray.mul(Number)}, wherever the array may require a gradient.
 * On the CPU, DJL's PyTorch engine turns the number into a scalar array over a Java direct buffer
 * without copying it, multiplies, and closes the scalar at once. Autograd keeps that scalar to
 * compute the gradient of the product, but the memory still belongs to the buffer, which nothing
 * references any more: a garbage collection between the forward and the backward pass frees it,
 * and the backward pass then multiplies the gradient by whatever the freed memory holds (NaN, a
 * huge number, another value). Whether a collection falls in that window depends on timing, so a
 * seeded run that repeats every float otherwise would, now and then, take one garbage update and
 * diverge. Here the constant is an array that libtorch allocates itself: autograd's reference keeps
 * its memory alive for as long as the backward pass needs it.
 *
 * <p>The other {@code Number} overloads of DJL's arithmetic ({@code add}, {@code sub}, {@code div},
 * {@code maximum}...) build their scalar the same way; on arrays that need no gradient they are safe,
 * because the scalar is read before it is closed.
 */
public final class Scalars {

    private Scalars() {
    }

    /**
     * Returns {@code array * factor}, the factor held as a libtorch-owned scalar of the array's type.
     *
     * @param array the array, which may require a gradient
     * @param factor the constant
     */
    public static NDArray times(NDArray array, float factor) {
        try (NDArray scalar = array.getManager().full(new Shape(), factor, array.getDataType())
                .toDevice(array.getDevice(), false)) {
            return array.mul(scalar);
        }
    }
}
