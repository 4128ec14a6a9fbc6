package io.prefstream.ingest.topology;

import java.util.Map;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import io.prefstream.ingest.app.IngestTopics;
import io.prefstream.ingest.dedup.DedupProcessor;
import io.prefstream.ingest.dedup.DedupVerdict;
import io.prefstream.ingest.dedup.IdCollisionPolicy;
import io.prefstream.ingest.dedup.StoredRecordSerde;
import io.prefstream.ingest.format.JudgmentParser;
import io.prefstream.ingest.metrics.DedupStoreEntries;
import io.prefstream.ingest.metrics.RecordOutcomeMeters;
import io.prefstream.schemas.serde.AvroSerdes;

/**
 * Builds the ingest topology:
 *
 * <pre>
 * raw --parse--+--invalid--> dead-letter
 *              +--valid--> repartition by pair key --dedup--+--first, vote, conflict--> accepted
 *                                                           +--repeat--> duplicates
 * </pre>
 *
 * <p>With {@link IdCollisionPolicy#DEAD_LETTER} valid records first take one more hop: they are
 * repartitioned by a hash of their id, and a record whose id already names other content goes
 * to the dead-letter topic instead of on to dedup. Every instance of one application id must
 * build the topology with the same policy.
 */
public final class IngestTopology {

    /** Name of the repartition step; Kafka Streams derives the internal topic name from it. */
    public static final String BY_PAIR_KEY = "by-pair-key";

    /** Name of the repartition step by record id (only with {@link IdCollisionPolicy#DEAD_LETTER}). */
    public static final String BY_RECORD_ID = "by-record-id";

    /** Name of the store that maps a hash of each record id to its first content key. */
    public static final String ID_STORE = "dedup-ids";

    private IngestTopology() {
    }

    /**
     * Builds the topology with meters that nobody reads.
     *
     * @param topics topic names
     * @param parser the validating parser
     * @return a topology to hand to {@code KafkaStreams}
     */
    public static Topology build(IngestTopics topics, JudgmentParser parser) {
        // A composite registry with no members is Micrometer's no-op registry.
        return build(topics, parser, new CompositeMeterRegistry());
    }

    /**
     * Builds the topology with the default id-collision policy and binds its meters (record outcomes,
     * dedup store size) to a registry. Build one topology per registry: a second would find the first
     * one's meters registered.
     *
     * @param topics topic names
     * @param parser the validating parser
     * @param registry where the topology's meters go
     * @return a topology to hand to {@code KafkaStreams}
     */
    public static Topology build(IngestTopics topics, JudgmentParser parser, MeterRegistry registry) {
        return build(topics, parser, IdCollisionPolicy.DEFAULT, registry);
    }

    /**
     * Builds the topology with an id-collision policy and binds its meters to a registry. Build one
     * topology per registry: a second would find the first one's meters registered.
     *
     * @param topics topic names
     * @param parser the validating parser
     * @param idCollision what to do with a record whose id names other content; default
     *        {@link IdCollisionPolicy#KEEP}
     * @param registry where the topology's meters go
     * @return a topology to hand to {@code KafkaStreams}
     */
    public static Topology build(IngestTopics topics, JudgmentParser parser, IdCollisionPolicy idCollision,
            MeterRegistry registry) {
        RecordOutcomeMeters outcomes = new RecordOutcomeMeters();
        DedupStoreEntries storeEntries = new DedupStoreEntries();
        outcomes.bindTo(registry);
        storeEntries.bindTo(registry);
        StoredRecordSerde records = new StoredRecordSerde();
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(DedupProcessor.STORE), Serdes.String(), Serdes.ByteArray()));

        KStream<String, Outcome> parsed = builder
                .stream(topics.raw(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("raw-source"))
                .process(() -> new ParseProcessor(parser, outcomes), Named.as("parse"));

        Map<String, KStream<String, Outcome>> byValidity = parsed.split(Named.as("validity-"))
                .branch((key, outcome) -> outcome instanceof Outcome.Invalid, Branched.as("invalid"))
                .defaultBranch(Branched.as("valid"));

        KStream<String, Outcome> invalid = byValidity.get("validity-invalid");
        KStream<String, Outcome> valid = byValidity.get("validity-valid");
        if (idCollision == IdCollisionPolicy.DEAD_LETTER) {
            builder.addStateStore(Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(ID_STORE), Serdes.String(), Serdes.String()));
            Map<String, KStream<String, Outcome>> byIdUse = valid
                    .process(RecordIdKeyer::new, Named.as("key-by-record-id"))
                    .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(BY_RECORD_ID))
                    .process(() -> new IdCollisionProcessor(parser, outcomes), Named.as("id-check"), ID_STORE)
                    .split(Named.as("id-use-"))
                    .branch((key, outcome) -> outcome instanceof Outcome.Invalid, Branched.as("collision"))
                    .defaultBranch(Branched.as("unique"));
            invalid = invalid.merge(byIdUse.get("id-use-collision"), Named.as("all-invalid"));
            valid = byIdUse.get("id-use-unique");
        }

        invalid.mapValues(outcome -> ((Outcome.Invalid) outcome).letter(), Named.as("to-dead-letter"))
                .to(topics.deadLetter(), Produced.with(Serdes.String(), AvroSerdes.deadLetter())
                        .withName("dead-letter-sink"));

        Map<String, KStream<String, DedupVerdict>> byNovelty = valid
                .mapValues(outcome -> ((Outcome.Valid) outcome).stored(), Named.as("unwrap-valid"))
                .repartition(Repartitioned.with(Serdes.String(), records).withName(BY_PAIR_KEY))
                .process(() -> new DedupProcessor(outcomes, storeEntries), Named.as("dedup"), DedupProcessor.STORE)
                .split(Named.as("novelty-"))
                .branch((key, verdict) -> verdict.duplicate(), Branched.as("duplicate"))
                .defaultBranch(Branched.as("first"));

        byNovelty.get("novelty-first")
                .mapValues(DedupVerdict::stored, Named.as("unwrap-accepted"))
                .to(topics.accepted(), Produced.with(Serdes.String(), records).withName("accepted-sink"));
        byNovelty.get("novelty-duplicate")
                .mapValues(DedupVerdict::stored, Named.as("unwrap-duplicate"))
                .to(topics.duplicates(), Produced.with(Serdes.String(), records).withName("duplicates-sink"));
        return builder.build();
    }
}
