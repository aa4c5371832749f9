package io.openlva.devkit.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Self-signed certificates made with Debian's openssl, for the TLS servers of tests (cameras, extensions). */
public final class SelfSigned {

    /** The certificate and its unencrypted PKCS#8 key as PEM files, and the certificate's PEM text. */
    public record Certificate(Path certificate, Path privateKey, String pem) {
    }

    private SelfSigned() {
    }

    /**
     * @param name      file names and the subject's CN
     * @param extension an {@code -addext} value, e.g. {@code subjectAltName=IP:127.0.0.1}
     */
    public static Certificate create(Path dir, String name, String extension) {
        Path crt = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        try {
            Files.createDirectories(dir);
            Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=" + name, "-addext", extension, "-keyout", key.toString(), "-out", crt.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("openssl could not make " + name + ": " + out);
            }
            return new Certificate(crt, key, Files.readString(crt));
        } catch (IOException e) {
            throw new IllegalStateException("openssl could not make " + name + " (scripts/setup.sh installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
