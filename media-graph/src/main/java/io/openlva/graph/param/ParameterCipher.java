package io.openlva.graph.param;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals instance parameter values for the compacted instances topic, so a reader of the topic without the key
 * learns nothing from them (AES-256-GCM; the instance and parameter names are bound in as associated data, so a
 * sealed value cannot be moved to another parameter or instance).
 *
 * <p>A sealed value reads {@code openlva:sealed:v1:<key id>:<base64url(12-byte nonce, ciphertext, 16-byte tag)>}.
 * The key id in the value lets keys rotate: the keys are given as {@code <id>=<base64 of 32 bytes>[,<id>=...]},
 * the first one seals, every one opens ({@value #ENVIRONMENT} or the system property {@value #PROPERTY}). Without
 * keys nothing is sealed and a sealed value cannot be opened ({@link SealedParameterException}).
 */
public final class ParameterCipher {

    public static final String ENVIRONMENT = "OPENLVA_PARAMETER_KEYS";
    public static final String PROPERTY = "openlva.parameter-keys";
    static final String PREFIX = "openlva:sealed:v1:";

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ParameterCipher NONE = new ParameterCipher(Map.of(), null);
    /** The last keys read and what they parsed to: a changed setting (a test's system property) is read again. */
    private static volatile Map.Entry<String, ParameterCipher> shared = Map.entry("", NONE);

    private final Map<String, SecretKeySpec> keys;
    private final String sealingKey;

    private ParameterCipher(Map<String, SecretKeySpec> keys, String sealingKey) {
        this.keys = keys;
        this.sealingKey = sealingKey;
    }

    /** No keys: values are stored as given. */
    public static ParameterCipher none() {
        return NONE;
    }

    /**
     * The process's cipher, from the system property {@value #PROPERTY} or else {@value #ENVIRONMENT}.
     *
     * @throws IllegalArgumentException when the keys are malformed (start-up should fail with it)
     */
    public static ParameterCipher shared() {
        String property = System.getProperty(PROPERTY);
        String spec = property != null ? property : System.getenv(ENVIRONMENT);
        String key = spec == null ? "" : spec;
        Map.Entry<String, ParameterCipher> last = shared;
        if (!last.getKey().equals(key)) {
            last = Map.entry(key, parse(key));
            shared = last;
        }
        return last.getValue();
    }

    /**
     * {@code id=base64key[,id=base64key...]}, the first one sealing; blank or null = {@link #none()}.
     *
     * @throws IllegalArgumentException naming the malformed entry by its id only (never the key)
     */
    public static ParameterCipher parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String e = entry.trim();
            int eq = e.indexOf('=');
            String id = eq < 0 ? e : e.substring(0, eq).trim();
            if (eq < 0 || !KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException(ENVIRONMENT + ": each key is <id>=<base64 of 32 bytes>, the id of"
                        + " letters, digits, '.', '_' or '-'; got an entry without one");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(e.substring(eq + 1).trim());
            } catch (IllegalArgumentException notBase64) {
                throw new IllegalArgumentException(ENVIRONMENT + ": key '" + id + "' is not base64");
            }
            if (key.length != 32) {
                throw new IllegalArgumentException(ENVIRONMENT + ": key '" + id + "' has " + key.length
                        + " bytes, AES-256 needs 32 (openssl rand -base64 32)");
            }
            if (keys.putIfAbsent(id, new SecretKeySpec(key, "AES")) != null) {
                throw new IllegalArgumentException(ENVIRONMENT + ": key '" + id + "' is given twice");
            }
        }
        return new ParameterCipher(Collections.unmodifiableMap(keys), keys.keySet().iterator().next());
    }

    /** A new random key in the form {@link #parse} reads: {@code <id>=<base64>}. */
    public static String newKey(String id) {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return id + "=" + Base64.getEncoder().encodeToString(key);
    }

    /** Whether values get sealed (a key is configured). */
    public boolean sealing() {
        return sealingKey != null;
    }

    /** The id of the key that seals, null without keys. */
    public String sealingKeyId() {
        return sealingKey;
    }

    public Set<String> keyIds() {
        return keys.keySet();
    }

    public static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** The key id a sealed value names, null for a value that is not sealed. */
    public static String keyIdOf(String value) {
        if (!isSealed(value)) {
            return null;
        }
        int end = value.indexOf(':', PREFIX.length());
        return end < 0 ? null : value.substring(PREFIX.length(), end);
    }

    /** The value sealed with the sealing key; as given without keys or when already sealed. */
    public String seal(String instance, String parameter, String value) {
        if (sealingKey == null || value == null || isSealed(value)) {
            return value;
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, keys.get(sealingKey), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(associatedData(instance, parameter));
            byte[] sealed = c.doFinal(value.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return PREFIX + sealingKey + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * The plain value of a sealed one; a value that is not sealed comes back as it is.
     *
     * @throws SealedParameterException when the key is missing or the value was altered (never carries the value)
     */
    public String open(String instance, String parameter, String value) {
        if (!isSealed(value)) {
            return value;
        }
        String id = keyIdOf(value);
        SecretKeySpec key = id == null ? null : keys.get(id);
        if (key == null) {
            throw new SealedParameterException("parameter '" + parameter + "' of instance '" + instance
                    + "' is sealed with key '" + id + "', which is not among this service's keys "
                    + keys.keySet() + " (" + ENVIRONMENT + ")");
        }
        try {
            byte[] in = Base64.getUrlDecoder().decode(value.substring(PREFIX.length() + id.length() + 1));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            c.updateAAD(associatedData(instance, parameter));
            return new String(c.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SealedParameterException("parameter '" + parameter + "' of instance '" + instance
                    + "' cannot be opened with key '" + id + "': altered, or sealed for another parameter");
        }
    }

    private static byte[] associatedData(String instance, String parameter) {
        return (instance + "\u0000" + parameter).getBytes(StandardCharsets.UTF_8);
    }

    /** The key ids only. */
    @Override
    public String toString() {
        return "ParameterCipher" + keys.keySet();
    }
}
