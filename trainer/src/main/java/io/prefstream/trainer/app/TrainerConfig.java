package io.prefstream.trainer.app;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.prefstream.trainer.data.ByteTokenizer;
import io.prefstream.trainer.data.TextTokenizer;
import io.prefstream.trainer.loss.DataResponses;
import io.prefstream.trainer.loss.PessimismForm;
import io.prefstream.trainer.loss.ReferencePolicy;
import io.prefstream.trainer.model.ModelSpec;

/**
 * Every knob of a training run: objective, sampling, optimisation, model and sequence limits.
 *
 * <p>Build it with {@link #preset(String)} and the {@code with...} methods, or from a file and
 * overrides with {@link TrainerConfigLoader}. Keys are the {@code *_KEY} constants; defaults are
 * those of the {@code spac} preset and are sized for the demo: SFT plus two rounds of the
 * {@code small} model on about 2,000 HH pairs in a few minutes on two CPU cores.
 *
 * <p>The {@code spac} preset uses {@link PessimismForm#LOGSIGMOID_DIFF} against
 * {@link DataResponses#CHOSEN_AND_REJECTED}: SPAC is pessimistic relative to the data
 * distribution, and both responses of a pair are samples of it, so self-play responses are
 * ranked below both. Comparing against the chosen response only would repeat the preference
 * signal the Bradley-Terry term already carries and turn the term into SPIN's imitation pull.
 * The log-sigmoid form keeps the term bounded below, unlike the linear form, which Adam can
 * drive without limit by lowering the self-play likelihood.
 *
 * @param objective the preset the objective came from, {@code spac}, {@code dpo} or {@code spin}; default spac
 * @param beta reward scale in {@code f = beta * (log pi - log ref)}; default 0.1
 * @param lambda weight of the pessimism term; default 1.0 (dpo 0)
 * @param btWeight weight of the Bradley-Terry term; default 1.0 (spin 0)
 * @param pessimismForm form of the pessimism term; default LOGSIGMOID_DIFF
 * @param dataResponses data responses the pessimism term compares against; default CHOSEN_AND_REJECTED
 *     (spin CHOSEN)
 * @param reference reference policy of the implicit reward; default PI_T (dpo PI_REF)
 * @param rounds SPAC rounds after the warm start; default 2
 * @param epochsPerRound passes over a round's examples; default 1
 * @param samplesPerPrompt self-play samples per prompt, each a training example; default 1
 * @param temperature sampling temperature, 0 for greedy; default 1.0
 * @param topP nucleus mass kept when sampling; default 0.9
 * @param maxNewTokens most tokens per sampled response; default 64
 * @param learningRate Adam learning rate of the SPAC rounds; default 5e-4
 * @param sftLearningRate Adam learning rate of the warm start; default 1e-3
 * @param batchSize training examples per step (pairs in rounds, sequences in SFT); default 16
 * @param seed seeds weights, shuffling and sampling; default 42
 * @param model model preset, tiny, small or base, or the path of a pretrained decoder-only model exported to
 *     TorchScript ({@code .pt}, see {@link #usesPretrainedModel()}); default small
 * @param device DJL device name; default cpu
 * @param maxSequenceLength most ids per sequence, BOS and EOS included; default 160
 * @param maxResponseTokens most response tokens kept per sequence; default 96
 * @param sftEpochs passes of the warm start over the chosen responses; default 2
 * @param promptsPerRound most training pairs (prompts) used per round, a fresh seeded draw each round,
 *     0 for all; default 1024
 * @param evalSamplePrompts most eval prompts sampled for length and KL, 0 for none; default 64
 * @param scoringBatchSize sequences per no-gradient forward pass and prompts per sampling batch; default 64
 * @param tokenizer {@code byte} for the byte-level tokenizer, or the path of a Hugging Face {@code tokenizer.json};
 *     default byte
 * @param judge whether each round reports the win-rate of the policy against {@code pi_ref} as judged by a
 *     reward model trained on the train split; default true
 * @param judgeModel model preset of the judge's transformer, tiny, small or base; default tiny
 * @param judgeEpochs passes of the judge's training over the train pairs; default 2
 * @param judgeLearningRate Adam learning rate of the judge; default 1e-3
 * @param sampleGenerations responses sampled on the first eval prompts that each round report carries, at most
 *     {@code evalSamplePrompts}; default 3
 */
public record TrainerConfig(
        String objective,
        double beta,
        double lambda,
        double btWeight,
        PessimismForm pessimismForm,
        DataResponses dataResponses,
        ReferencePolicy reference,
        int rounds,
        int epochsPerRound,
        int samplesPerPrompt,
        double temperature,
        double topP,
        int maxNewTokens,
        double learningRate,
        double sftLearningRate,
        int batchSize,
        long seed,
        String model,
        String device,
        int maxSequenceLength,
        int maxResponseTokens,
        int sftEpochs,
        int promptsPerRound,
        int evalSamplePrompts,
        int scoringBatchSize,
        String tokenizer,
        boolean judge,
        String judgeModel,
        int judgeEpochs,
        double judgeLearningRate,
        int sampleGenerations) {

    /** Key of {@link #objective()}; setting it resets the objective knobs to that preset. */
    public static final String OBJECTIVE_KEY = "objective";
    /** Key of {@link #beta()}. */
    public static final String BETA_KEY = "beta";
    /** Key of {@link #lambda()}. */
    public static final String LAMBDA_KEY = "lambda";
    /** Key of {@link #btWeight()}. */
    public static final String BT_WEIGHT_KEY = "bt_weight";
    /** Key of {@link #pessimismForm()}. */
    public static final String PESSIMISM_FORM_KEY = "pessimism_form";
    /** Key of {@link #dataResponses()}. */
    public static final String DATA_RESPONSES_KEY = "data_responses";
    /** Key of {@link #reference()}. */
    public static final String REFERENCE_KEY = "reference";
    /** Key of {@link #rounds()}. */
    public static final String ROUNDS_KEY = "rounds";
    /** Key of {@link #epochsPerRound()}. */
    public static final String EPOCHS_PER_ROUND_KEY = "epochs_per_round";
    /** Key of {@link #samplesPerPrompt()}. */
    public static final String SAMPLES_PER_PROMPT_KEY = "samples_per_prompt";
    /** Key of {@link #temperature()}. */
    public static final String TEMPERATURE_KEY = "temperature";
    /** Key of {@link #topP()}. */
    public static final String TOP_P_KEY = "top_p";
    /** Key of {@link #maxNewTokens()}. */
    public static final String MAX_NEW_TOKENS_KEY = "max_new_tokens";
    /** Key of {@link #learningRate()}. */
    public static final String LEARNING_RATE_KEY = "learning_rate";
    /** Key of {@link #sftLearningRate()}. */
    public static final String SFT_LEARNING_RATE_KEY = "sft_learning_rate";
    /** Key of {@link #batchSize()}. */
    public static final String BATCH_SIZE_KEY = "batch_size";
    /** Key of {@link #seed()}. */
    public static final String SEED_KEY = "seed";
    /** Key of {@link #model()}. */
    public static final String MODEL_KEY = "model";
    /** Key of {@link #device()}. */
    public static final String DEVICE_KEY = "device";
    /** Key of {@link #maxSequenceLength()}. */
    public static final String MAX_SEQUENCE_LENGTH_KEY = "max_sequence_length";
    /**
     * Largest {@value #MAX_SEQUENCE_LENGTH_KEY} accepted: far beyond what the bundled presets train on a CPU, and small
     * enough that a typo cannot size the position table and the attention scores past any host's memory.
     */
    public static final int MAX_SEQUENCE_LENGTH_LIMIT = 16_384;
    /** Key of {@link #maxResponseTokens()}. */
    public static final String MAX_RESPONSE_TOKENS_KEY = "max_response_tokens";
    /** Key of {@link #sftEpochs()}. */
    public static final String SFT_EPOCHS_KEY = "sft_epochs";
    /** Key of {@link #promptsPerRound()}. */
    public static final String PROMPTS_PER_ROUND_KEY = "prompts_per_round";
    /** Key of {@link #evalSamplePrompts()}. */
    public static final String EVAL_SAMPLE_PROMPTS_KEY = "eval_sample_prompts";
    /** Key of {@link #scoringBatchSize()}. */
    public static final String SCORING_BATCH_SIZE_KEY = "scoring_batch_size";
    /** File name ending that makes {@code model} a pretrained TorchScript model. */
    public static final String PRETRAINED_SUFFIX = ".pt";

    /** Key of {@link #tokenizer()}. */
    public static final String TOKENIZER_KEY = "tokenizer";
    /** Key of {@link #judge()}. */
    public static final String JUDGE_KEY = "judge";
    /** Key of {@link #judgeModel()}. */
    public static final String JUDGE_MODEL_KEY = "judge_model";
    /** Key of {@link #judgeEpochs()}. */
    public static final String JUDGE_EPOCHS_KEY = "judge_epochs";
    /** Key of {@link #judgeLearningRate()}. */
    public static final String JUDGE_LEARNING_RATE_KEY = "judge_learning_rate";
    /** Key of {@link #sampleGenerations()}. */
    public static final String SAMPLE_GENERATIONS_KEY = "sample_generations";

    /** Preset name of SPAC: Bradley-Terry plus pessimism against pi_t. */
    public static final String SPAC = "spac";
    /** Preset name of DPO: Bradley-Terry only, against pi_ref. */
    public static final String DPO = "dpo";
    /** Preset name of SPIN: pessimism against the chosen response only, against pi_t. */
    public static final String SPIN = "spin";

    /** Validates ranges and cross-field limits; messages name the key and its value. */
    public TrainerConfig {
        require(beta > 0, BETA_KEY, beta, "> 0");
        require(lambda >= 0, LAMBDA_KEY, lambda, ">= 0");
        require(btWeight >= 0, BT_WEIGHT_KEY, btWeight, ">= 0");
        require(rounds >= 0, ROUNDS_KEY, rounds, ">= 0");
        require(epochsPerRound >= 1, EPOCHS_PER_ROUND_KEY, epochsPerRound, ">= 1");
        require(samplesPerPrompt >= 1, SAMPLES_PER_PROMPT_KEY, samplesPerPrompt, ">= 1");
        require(temperature >= 0, TEMPERATURE_KEY, temperature, ">= 0");
        require(topP > 0 && topP <= 1, TOP_P_KEY, topP, "in (0, 1]");
        require(learningRate > 0, LEARNING_RATE_KEY, learningRate, "> 0");
        require(sftLearningRate > 0, SFT_LEARNING_RATE_KEY, sftLearningRate, "> 0");
        require(batchSize >= 1, BATCH_SIZE_KEY, batchSize, ">= 1");
        require(sftEpochs >= 0, SFT_EPOCHS_KEY, sftEpochs, ">= 0");
        require(promptsPerRound >= 0, PROMPTS_PER_ROUND_KEY, promptsPerRound, ">= 0");
        require(evalSamplePrompts >= 0, EVAL_SAMPLE_PROMPTS_KEY, evalSamplePrompts, ">= 0");
        require(scoringBatchSize >= 1, SCORING_BATCH_SIZE_KEY, scoringBatchSize, ">= 1");
        require(tokenizer != null && !tokenizer.isBlank(), TOKENIZER_KEY, tokenizer,
                "'" + TextTokenizer.BYTE + "' or a tokenizer.json path");
        require(judgeEpochs >= 1, JUDGE_EPOCHS_KEY, judgeEpochs, ">= 1");
        require(judgeLearningRate > 0, JUDGE_LEARNING_RATE_KEY, judgeLearningRate, "> 0");
        require(sampleGenerations >= 0, SAMPLE_GENERATIONS_KEY, sampleGenerations, ">= 0");
        require(maxSequenceLength >= 4 && maxSequenceLength <= MAX_SEQUENCE_LENGTH_LIMIT, MAX_SEQUENCE_LENGTH_KEY,
                maxSequenceLength, "in [4, " + MAX_SEQUENCE_LENGTH_LIMIT + "]");
        require(maxResponseTokens >= 1 && maxResponseTokens <= maxSequenceLength - 2, MAX_RESPONSE_TOKENS_KEY,
                maxResponseTokens, "in [1, " + MAX_SEQUENCE_LENGTH_KEY + " - 2 = " + (maxSequenceLength - 2) + "]");
        require(maxNewTokens >= 1 && maxNewTokens <= maxResponseTokens, MAX_NEW_TOKENS_KEY, maxNewTokens,
                "in [1, " + MAX_RESPONSE_TOKENS_KEY + " = " + maxResponseTokens + "]");
        if (model == null || !model.endsWith(PRETRAINED_SUFFIX)) {
            requirePreset(MODEL_KEY, model, maxSequenceLength);
        }
        requirePreset(JUDGE_MODEL_KEY, judgeModel, maxSequenceLength);
    }

    /**
     * Returns the defaults with a preset's objective.
     *
     * @param name {@code spac}, {@code dpo} or {@code spin}
     */
    public static TrainerConfig preset(String name) {
        TrainerConfig defaults = new TrainerConfig(SPAC, 0.1, 1.0, 1.0, PessimismForm.LOGSIGMOID_DIFF,
                DataResponses.CHOSEN_AND_REJECTED, ReferencePolicy.PI_T, 2, 1, 1, 1.0, 0.9, 64, 5e-4, 1e-3, 16,
                42L, ModelSpec.SMALL, "cpu", 160, 96, 2, 1024, 64, 64, TextTokenizer.BYTE, true, ModelSpec.TINY, 2,
                1e-3, 3);
        return defaults.withObjective(name);
    }

    /**
     * Returns a copy whose objective knobs (lambda, bt weight, form, data responses, reference)
     * are those of the named preset; every other knob is kept.
     */
    public TrainerConfig withObjective(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case SPAC -> objective(SPAC, 1.0, 1.0, PessimismForm.LOGSIGMOID_DIFF, DataResponses.CHOSEN_AND_REJECTED,
                    ReferencePolicy.PI_T);
            case DPO -> objective(DPO, 0.0, 1.0, PessimismForm.LOGSIGMOID_DIFF, DataResponses.CHOSEN,
                    ReferencePolicy.PI_REF);
            case SPIN -> objective(SPIN, 1.0, 0.0, PessimismForm.LOGSIGMOID_DIFF, DataResponses.CHOSEN,
                    ReferencePolicy.PI_T);
            default -> throw new IllegalArgumentException("unknown " + OBJECTIVE_KEY + " '" + name
                    + "', expected spac, dpo or spin");
        };
    }

    private TrainerConfig objective(String name, double newLambda, double newBtWeight, PessimismForm form,
            DataResponses data, ReferencePolicy ref) {
        return new TrainerConfig(name, beta, newLambda, newBtWeight, form, data, ref, rounds, epochsPerRound,
                samplesPerPrompt, temperature, topP, maxNewTokens, learningRate, sftLearningRate, batchSize, seed,
                model, device, maxSequenceLength, maxResponseTokens, sftEpochs, promptsPerRound, evalSamplePrompts,
                scoringBatchSize, tokenizer, judge, judgeModel, judgeEpochs, judgeLearningRate, sampleGenerations);
    }

    /** Returns whether the objective uses self-play responses at all. */
    public boolean needsSelfPlay() {
        return lambda > 0;
    }

    /** Returns whether the run uses the byte tokenizer, whose vocabulary size is known without opening it. */
    public boolean usesByteTokenizer() {
        return TextTokenizer.BYTE.equals(tokenizer);
    }

    /**
     * Returns the model shape this config trains with the byte tokenizer.
     *
     * @throws IllegalStateException when the config names another tokenizer; use {@link #modelSpec(int)}
     */
    public ModelSpec modelSpec() {
        if (!usesByteTokenizer()) {
            throw new IllegalStateException("trainer config " + TOKENIZER_KEY + " is " + tokenizer
                    + ": the model's vocabulary size comes from that tokenizer, use modelSpec(vocabSize)");
        }
        return modelSpec(ByteTokenizer.VOCAB_SIZE);
    }

    /**
     * Returns whether {@code model} names a TorchScript file (ending in {@code .pt}) rather than a
     * preset: the policy then starts from that pretrained model instead of fresh weights.
     */
    public boolean usesPretrainedModel() {
        return model.endsWith(PRETRAINED_SUFFIX);
    }

    /**
     * Returns the model shape this config trains for a vocabulary of the given size, special ids included.
     *
     * @throws IllegalStateException when {@code model} names a pretrained TorchScript model, whose shape is its own
     */
    public ModelSpec modelSpec(int vocabSize) {
        if (usesPretrainedModel()) {
            throw new IllegalStateException("trainer config " + MODEL_KEY + " is the pretrained model " + model
                    + ", which has no preset shape");
        }
        return ModelSpec.preset(model, maxSequenceLength, vocabSize);
    }

    /** Returns the shape of the judge's transformer for a vocabulary of the given size. */
    public ModelSpec judgeSpec(int vocabSize) {
        return ModelSpec.preset(judgeModel, maxSequenceLength, vocabSize);
    }

    /** Returns every knob under its key, values as strings, in declaration order. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(OBJECTIVE_KEY, objective);
        map.put(BETA_KEY, Double.toString(beta));
        map.put(LAMBDA_KEY, Double.toString(lambda));
        map.put(BT_WEIGHT_KEY, Double.toString(btWeight));
        map.put(PESSIMISM_FORM_KEY, pessimismForm.name());
        map.put(DATA_RESPONSES_KEY, dataResponses.name());
        map.put(REFERENCE_KEY, reference.name());
        map.put(ROUNDS_KEY, Integer.toString(rounds));
        map.put(EPOCHS_PER_ROUND_KEY, Integer.toString(epochsPerRound));
        map.put(SAMPLES_PER_PROMPT_KEY, Integer.toString(samplesPerPrompt));
        map.put(TEMPERATURE_KEY, Double.toString(temperature));
        map.put(TOP_P_KEY, Double.toString(topP));
        map.put(MAX_NEW_TOKENS_KEY, Integer.toString(maxNewTokens));
        map.put(LEARNING_RATE_KEY, Double.toString(learningRate));
        map.put(SFT_LEARNING_RATE_KEY, Double.toString(sftLearningRate));
        map.put(BATCH_SIZE_KEY, Integer.toString(batchSize));
        map.put(SEED_KEY, Long.toString(seed));
        map.put(MODEL_KEY, model);
        map.put(DEVICE_KEY, device);
        map.put(MAX_SEQUENCE_LENGTH_KEY, Integer.toString(maxSequenceLength));
        map.put(MAX_RESPONSE_TOKENS_KEY, Integer.toString(maxResponseTokens));
        map.put(SFT_EPOCHS_KEY, Integer.toString(sftEpochs));
        map.put(PROMPTS_PER_ROUND_KEY, Integer.toString(promptsPerRound));
        map.put(EVAL_SAMPLE_PROMPTS_KEY, Integer.toString(evalSamplePrompts));
        map.put(SCORING_BATCH_SIZE_KEY, Integer.toString(scoringBatchSize));
        map.put(TOKENIZER_KEY, tokenizer);
        map.put(JUDGE_KEY, Boolean.toString(judge));
        map.put(JUDGE_MODEL_KEY, judgeModel);
        map.put(JUDGE_EPOCHS_KEY, Integer.toString(judgeEpochs));
        map.put(JUDGE_LEARNING_RATE_KEY, Double.toString(judgeLearningRate));
        map.put(SAMPLE_GENERATIONS_KEY, Integer.toString(sampleGenerations));
        return map;
    }

    /**
     * Returns a copy with one knob set from text, as read from a file or a command line.
     *
     * @throws IllegalArgumentException for an unknown key or a value that does not parse or validate
     */
    public TrainerConfig with(String key, String value) {
        return TrainerConfigLoader.apply(this, Map.of(key, value));
    }

    /** Returns a copy with several knobs set from text at once, validated together. */
    public TrainerConfig with(Map<String, String> entries) {
        return TrainerConfigLoader.apply(this, entries);
    }

    /** Returns a copy with {@link #beta()} set. */
    public TrainerConfig withBeta(double value) {
        return with(BETA_KEY, Double.toString(value));
    }

    /** Returns a copy with {@link #lambda()} set. */
    public TrainerConfig withLambda(double value) {
        return with(LAMBDA_KEY, Double.toString(value));
    }

    /** Returns a copy with {@link #btWeight()} set. */
    public TrainerConfig withBtWeight(double value) {
        return with(BT_WEIGHT_KEY, Double.toString(value));
    }

    /** Returns a copy with {@link #pessimismForm()} set. */
    public TrainerConfig withPessimismForm(PessimismForm value) {
        return with(PESSIMISM_FORM_KEY, value.name());
    }

    /** Returns a copy with {@link #dataResponses()} set. */
    public TrainerConfig withDataResponses(DataResponses value) {
        return with(DATA_RESPONSES_KEY, value.name());
    }

    /** Returns a copy with {@link #reference()} set. */
    public TrainerConfig withReference(ReferencePolicy value) {
        return with(REFERENCE_KEY, value.name());
    }

    /** Returns a copy with {@link #rounds()} set. */
    public TrainerConfig withRounds(int value) {
        return with(ROUNDS_KEY, Integer.toString(value));
    }

    /** Returns a copy with {@link #epochsPerRound()} set. */
    public TrainerConfig withEpochsPerRound(int value) {
        return with(EPOCHS_PER_ROUND_KEY, Integer.toString(value));
    }

    /** Returns a copy with {@link #samplesPerPrompt()} set. */
    public TrainerConfig withSamplesPerPrompt(int value) {
        return with(SAMPLES_PER_PROMPT_KEY, Integer.toString(value));
    }

    /** Returns a copy with {@link #temperature()} set. */
    public TrainerConfig withTemperature(double value) {
        return with(TEMPERATURE_KEY, Double.toString(value));
    }

    /** Returns a copy with {@link #topP()} set. */
    public TrainerConfig withTopP(double value) {
        return with(TOP_P_KEY, Double.toString(value));
    }

    /** Returns a copy with {@link #maxNewTokens()} set. */
    public TrainerConfig withMaxNewTokens(int value) {
        return with(MAX_NEW_TOKENS_KEY, Integer.toString(value));
    }

    /** Returns a copy with {@link #learningRate()} set. */
    public TrainerConfig withLearningRate(double value) {
        return with(LEARNING_RATE_KEY, Double.toString(value));
    }

    /** Returns a copy with {@link #sftLearningRate()} set. */
    public TrainerConfig withSftLearningRate(double value) {
        return with(SFT_LEARNING_RATE_KEY, Double.toString(value));
    }

    /** Returns a copy with {@link #batchSize()} set. */
    public TrainerConfig withBatchSize(int value) {
        return with(BATCH_SIZE_KEY, Integer.toString(value));
    }

    /** Returns a copy with {@link #seed()} set. */
    public TrainerConfig withSeed(long value) {
        return with(SEED_KEY, Long.toString(value));
    }

    /** Returns a copy with {@link #model()} set. */
    public TrainerConfig withModel(String value) {
        return with(MODEL_KEY, value);
    }

    /** Returns a copy with {@link #device()} set. */
    public TrainerConfig withDevice(String value) {
        return with(DEVICE_KEY, value);
    }

    /**
     * Returns a copy with the sequence limits set together, since each bounds the next.
     *
     * @param sequence {@link #maxSequenceLength()}
     * @param response {@link #maxResponseTokens()}
     * @param newTokens {@link #maxNewTokens()}
     */
    public TrainerConfig withLengths(int sequence, int response, int newTokens) {
        Map<String, String> lengths = new LinkedHashMap<>();
        lengths.put(MAX_SEQUENCE_LENGTH_KEY, Integer.toString(sequence));
        lengths.put(MAX_RESPONSE_TOKENS_KEY, Integer.toString(response));
        lengths.put(MAX_NEW_TOKENS_KEY, Integer.toString(newTokens));
        return with(lengths);
    }

    /** Returns a copy with {@link #sftEpochs()} set. */
    public TrainerConfig withSftEpochs(int value) {
        return with(SFT_EPOCHS_KEY, Integer.toString(value));
    }

    /** Returns a copy with {@link #promptsPerRound()} set. */
    public TrainerConfig withPromptsPerRound(int value) {
        return with(PROMPTS_PER_ROUND_KEY, Integer.toString(value));
    }

    /** Returns a copy with {@link #evalSamplePrompts()} set. */
    public TrainerConfig withEvalSamplePrompts(int value) {
        return with(EVAL_SAMPLE_PROMPTS_KEY, Integer.toString(value));
    }

    /** Returns a copy with {@link #scoringBatchSize()} set. */
    public TrainerConfig withScoringBatchSize(int value) {
        return with(SCORING_BATCH_SIZE_KEY, Integer.toString(value));
    }

    /** Returns a copy with {@link #tokenizer()} set. */
    public TrainerConfig withTokenizer(String value) {
        return with(TOKENIZER_KEY, value);
    }

    /** Returns a copy with {@link #judge()} set. */
    public TrainerConfig withJudge(boolean value) {
        return with(JUDGE_KEY, Boolean.toString(value));
    }

    /** Returns a copy with {@link #judgeModel()} set. */
    public TrainerConfig withJudgeModel(String value) {
        return with(JUDGE_MODEL_KEY, value);
    }

    /** Returns a copy with {@link #judgeEpochs()} set. */
    public TrainerConfig withJudgeEpochs(int value) {
        return with(JUDGE_EPOCHS_KEY, Integer.toString(value));
    }

    /** Returns a copy with {@link #judgeLearningRate()} set. */
    public TrainerConfig withJudgeLearningRate(double value) {
        return with(JUDGE_LEARNING_RATE_KEY, Double.toString(value));
    }

    /** Returns a copy with {@link #sampleGenerations()} set. */
    public TrainerConfig withSampleGenerations(int value) {
        return with(SAMPLE_GENERATIONS_KEY, Integer.toString(value));
    }

    private static void requirePreset(String key, String preset, int maxSequenceLength) {
        try {
            ModelSpec.preset(preset, maxSequenceLength);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("trainer config '" + key + "' is invalid: " + preset, e);
        }
    }

    /** Refuses a value outside its rule; every floating-point value must also be finite (Infinity passes {@code > 0}). */
    private static void require(boolean ok, String key, Object value, String rule) {
        boolean finite = !(value instanceof Double d && !Double.isFinite(d))
                && !(value instanceof Float f && !Float.isFinite(f));
        if (!ok || !finite) {
            throw new IllegalArgumentException("trainer config " + key + " must be " + rule + (finite ? "" : " and finite")
                    + ", got " + value);
        }
    }
}
