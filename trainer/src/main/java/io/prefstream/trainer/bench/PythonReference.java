package io.prefstream.trainer.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prefstream.trainer.model.ModelSpec;

/**
 * Runs the PyTorch eager counterpart of the training benchmark ({@code train_bench.py}, shipped
 * in this jar) in a Python that has torch.
 *
 * <p>The interpreter is {@value #PYTHON_VARIABLE} when set, otherwise the first of
 * {@code /usr/bin/python3} and {@code python3} that imports torch.
 */
public final class PythonReference {

    /** Environment variable naming the Python interpreter to use. */
    public static final String PYTHON_VARIABLE = "PREFSTREAM_PYTHON";

    private static final String SCRIPT = "train_bench.py";
    private static final List<String> CANDIDATES = List.of("/usr/bin/python3", "python3");
    private static final long PROBE_SECONDS = 60;
    private static final long RUN_MINUTES = 30;

    private final String python;

    private PythonReference(String python) {
        this.python = python;
    }

    /**
     * The eager run's figures.
     *
     * @param torchVersion the torch build that ran
     * @param threads its intra-op threads
     * @param tokensPerSecond training tokens per second
     * @param matmulFlopsPerSecond its float32 matmul peak, measured in the same process
     */
    public record Result(String torchVersion, int threads, double tokensPerSecond, double matmulFlopsPerSecond) {
    }

    /** Returns a runner when an interpreter with torch is found, empty otherwise. */
    public static Optional<PythonReference> find() {
        String configured = System.getenv(PYTHON_VARIABLE);
        List<String> candidates = configured == null || configured.isBlank() ? CANDIDATES : List.of(configured);
        for (String candidate : candidates) {
            if (importsTorch(candidate)) {
                return Optional.of(new PythonReference(candidate));
            }
        }
        return Optional.empty();
    }

    /** Returns the interpreter this runner uses. */
    public String python() {
        return python;
    }

    /**
     * Trains the same architecture on a batch of the same shape in PyTorch eager mode.
     *
     * @throws IOException when the script cannot be written or run, or fails
     */
    public Result run(ModelSpec spec, int batch, int contextLength, int warmup, int steps, int threads)
            throws IOException {
        Path script = Files.createTempFile("prefstream-train-bench", ".py");
        try {
            try (InputStream in = PythonReference.class.getResourceAsStream(SCRIPT)) {
                if (in == null) {
                    throw new IOException(SCRIPT + " is missing from the trainer jar");
                }
                Files.write(script, in.readAllBytes());
            }
            List<String> command = new ArrayList<>(List.of(python, script.toString(),
                    "--vocab", Integer.toString(spec.vocabSize()), "--dim", Integer.toString(spec.modelDim()),
                    "--layers", Integer.toString(spec.layers()), "--heads", Integer.toString(spec.heads()),
                    "--ffn", Integer.toString(spec.ffnDim()), "--batch", Integer.toString(batch),
                    "--seq", Integer.toString(contextLength), "--warmup", Integer.toString(warmup),
                    "--steps", Integer.toString(steps), "--threads", Integer.toString(threads)));
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(RUN_MINUTES, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("the PyTorch reference failed (" + python + " " + SCRIPT + ")");
            }
            JsonNode json = new ObjectMapper().readTree(output);
            return new Result(json.path("torch_version").asText(), json.path("threads").asInt(),
                    json.path("tokens_per_second").asDouble(), json.path("matmul_flops_per_second").asDouble());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the PyTorch reference ran", e);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static boolean importsTorch(String candidate) {
        try {
            Process process = new ProcessBuilder(candidate, "-c", "import torch")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
