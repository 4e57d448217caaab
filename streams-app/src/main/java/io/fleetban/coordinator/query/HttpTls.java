package io.fleetban.coordinator.query;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the query API: the server's certificate (PEM certificate chain and PKCS#8 key files, or a PKCS#12 keystore)
 * and the trust of its clients (a PEM file of CA certificates, or the JDK's trust store). Files are read once, at
 * start, so a wrong path or a broken file is a configuration error there and then.
 */
public final class HttpTls {

    private static final Pattern PEM_KEY =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final char[] NO_PASSWORD = new char[0];

    private HttpTls() {}

    /** A server context from a PEM certificate chain and an unencrypted PKCS#8 PEM key. */
    public static SSLContext serverFromPem(Path certificateChain, Path key) {
        try {
            Collection<? extends Certificate> chain = certificates(certificateChain);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException(certificateChain + " holds no PEM certificate");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("query-api", privateKey(key), NO_PASSWORD, chain.toArray(Certificate[]::new));
            return server(store, NO_PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot use " + certificateChain + " and " + key + ": " + e.getMessage(), e);
        }
    }

    /** A server context from a PKCS#12 keystore. */
    public static SSLContext serverFromPkcs12(Path keystore, String password) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return server(store, password.toCharArray());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + keystore + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use " + keystore + ": " + e.getMessage(), e);
        }
    }

    /**
     * A client context trusting the certificates in {@code caPem} (a CA, or a server's own self-signed certificate),
     * or the JDK's trust store when empty.
     */
    public static SSLContext client(Optional<Path> caPem) {
        try {
            if (caPem.isEmpty()) {
                return SSLContext.getDefault();
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates(caPem.get())) {
                trust.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new IllegalArgumentException(caPem.get() + " holds no PEM certificate");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use " + caPem.get() + ": " + e.getMessage(), e);
        }
    }

    private static SSLContext server(KeyStore store, char[] password) throws GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static Collection<? extends Certificate> certificates(Path pem)
            throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
    }

    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        Matcher matcher = PEM_KEY.matcher(Files.readString(pem, StandardCharsets.US_ASCII));
        if (!matcher.find()) {
            throw new GeneralSecurityException(pem + " holds no unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----;"
                    + " convert with openssl pkcs8 -topk8 -nocrypt)");
        }
        PKCS8EncodedKeySpec spec =
                new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(matcher.group(1)));
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException(pem + ": not an RSA, EC or Ed25519 key", last);
    }
}
