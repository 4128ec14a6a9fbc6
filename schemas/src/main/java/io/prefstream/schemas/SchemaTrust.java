package io.prefstream.schemas;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Adds the project's generated Avro package to Avro's list of classes it may instantiate
 * while decoding. Avro refuses unknown classes by default; trusting exactly our own generated
 * package keeps that protection for everything else.
 */
public final class SchemaTrust {

    /** The package the Avro compiler generates our classes into. */
    public static final String GENERATED_PACKAGE = "io.prefstream.schemas.v1";

    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private SchemaTrust() {
    }

    /** Installs the rule once per JVM; later calls do nothing. */
    public static void install() {
        if (INSTALLED.compareAndSet(false, true)) {
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                    ClassSecurityValidator.getGlobal(),
                    type -> GENERATED_PACKAGE.equals(type.getPackageName())));
        }
    }
}
