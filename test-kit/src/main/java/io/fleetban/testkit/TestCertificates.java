package io.fleetban.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made at test time, and the certificates it issues, written the ways an operator installs
 * them: PEM (an unencrypted PKCS#8 key followed by its chain, in one file) and PKCS#12. Every certificate names
 * {@code localhost} and {@code 127.0.0.1}, so clients that verify host names ({@code
 * ssl.endpoint.identification.algorithm = https}) accept a test server holding one.
 */
public final class TestCertificates {

    /** Subjects end in this, so the usual {@code RULE:^CN=([^,]+),.*$/$1/} maps {@code CN=x,O=...} to {@code x}. */
    public static final String ORGANIZATION = ",O=fleetban-test";

    private static final Duration VALIDITY = Duration.ofDays(2);
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate caCertificate;
    private final Path caPem;

    private TestCertificates(Path dir, KeyPair caKeys, X509Certificate caCertificate) {
        this.dir = dir;
        this.caKeys = caKeys;
        this.caCertificate = caCertificate;
        this.caPem = write(dir.resolve("ca.pem"), pem("CERTIFICATE", encoded(caCertificate)));
    }

    /** A new CA whose certificate is written to {@code dir/ca.pem}. */
    public static TestCertificates create(Path dir) {
        try {
            Files.createDirectories(dir);
            final KeyPair keys = rsaKeys();
            final X500Name name = name("CN=fleetban-test-ca" + ORGANIZATION);
            final X509v3CertificateBuilder builder = builder(name, name, keys)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            return new TestCertificates(dir, keys, sign(builder, keys));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a test CA", e);
        }
    }

    /** The CA certificate (PEM): a client's or broker's {@code ssl.truststore.location} with type PEM. */
    public Path caPem() {
        return caPem;
    }

    /** A certificate for {@code CN=<commonName>,O=fleetban-test}, valid for localhost and 127.0.0.1. */
    public Issued issue(String commonName) {
        try {
            final KeyPair keys = rsaKeys();
            final X509v3CertificateBuilder builder = builder(
                            X500Name.getInstance(
                                    caCertificate.getSubjectX500Principal().getEncoded()),
                            name("CN=" + commonName + ORGANIZATION),
                            keys)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                    }));
            return new Issued(commonName, keys, sign(builder, caKeys));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a test certificate for " + commonName, e);
        }
    }

    /** An issued certificate with its key. */
    public final class Issued {
        private final String commonName;
        private final KeyPair keys;
        private final X509Certificate certificate;

        private Issued(String commonName, KeyPair keys, X509Certificate certificate) {
            this.commonName = commonName;
            this.keys = keys;
            this.certificate = certificate;
        }

        public String commonName() {
            return commonName;
        }

        /** The private key (PKCS#8, unencrypted), then the certificate and the CA's: Kafka's file-based PEM keystore. */
        public Path writePem(Path file) {
            return write(
                    file,
                    pem("PRIVATE KEY", keys.getPrivate().getEncoded())
                            + pem("CERTIFICATE", encoded(certificate))
                            + pem("CERTIFICATE", encoded(caCertificate)));
        }

        /** The certificate's own PEM (no key): what a server presents when {@link #writeKeyPem} is its key. */
        public Path writeCertificatePem(Path file) {
            return write(file, pem("CERTIFICATE", encoded(certificate)) + pem("CERTIFICATE", encoded(caCertificate)));
        }

        /** The private key alone (PKCS#8 PEM, unencrypted). */
        public Path writeKeyPem(Path file) {
            return write(file, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        }

        /** A PKCS#12 keystore holding the key and chain under the alias {@code commonName}. */
        public Path writePkcs12(Path file, String password) {
            try {
                final KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry(commonName, keys.getPrivate(), password.toCharArray(), new Certificate[] {
                    certificate, caCertificate
                });
                try (OutputStream out = Files.newOutputStream(file)) {
                    store.store(out, password.toCharArray());
                }
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot write " + file, e);
            }
        }
    }

    /** The directory the CA was written to, for a test's other certificate files. */
    public Path dir() {
        return dir;
    }

    /** Through X500Principal, so the certificate's subject prints (RFC 2253, as Kafka reads it) as written here. */
    private static X500Name name(String rfc2253) {
        return X500Name.getInstance(new X500Principal(rfc2253).getEncoded());
    }

    /** A PKCS#12 truststore holding the CA certificate, for servers whose SSL setup wants a password. */
    public Path writeTruststore(Path file, String password) {
        try {
            final KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("fleetban-test-ca", caCertificate);
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
    }

    private static KeyPair rsaKeys() throws GeneralSecurityException {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKeys) {
        final Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(
                issuer,
                BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(VALIDITY)),
                subject,
                subjectKeys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        final List<String> lines = new ArrayList<>();
        lines.add("-----BEGIN " + type + "-----");
        lines.add(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der));
        lines.add("-----END " + type + "-----");
        return String.join("\n", lines) + "\n";
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
