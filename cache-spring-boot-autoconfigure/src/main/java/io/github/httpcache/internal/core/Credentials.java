package io.github.httpcache.internal.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Which request fields carry credentials, and how they enter keys: only as a keyed digest
 * (HMAC-SHA256 with a {@link KeySecret}), never in clear. A request that carries one never shares a
 * key with a request that carries another or none; credential query parameters are removed from the
 * URL that is stored, logged and shown.
 * <p>
 * The defaults ({@link #DEFAULT_HEADERS}, {@link #DEFAULT_PARAMETERS}) cover the common ways an
 * identity travels; {@code http.cache.credential-headers} and {@code http.cache.credential-parameters}
 * add to them. Names are case-insensitive.
 */
public final class Credentials {

	/**
	 * Request headers that carry credentials: the HTTP authentication fields (RFC 9110 §11.6.2,
	 * §11.7.2), cookies (RFC 6265 §5.4) and the API-key and token headers in common use (GitLab's
	 * {@code PRIVATE-TOKEN}, OpenStack's {@code X-Auth-Token}, AWS's {@code X-Amz-Security-Token},
	 * Google's {@code X-Goog-Api-Key}, Azure's {@code Ocp-Apim-Subscription-Key}, ...).
	 */
	public static final List<String> DEFAULT_HEADERS = List.of("authorization", "proxy-authorization", "cookie",
			"x-api-key", "api-key", "apikey", "private-token", "x-auth-token", "x-access-token", "x-amz-security-token",
			"x-goog-api-key", "ocp-apim-subscription-key", "x-csrf-token", "x-xsrf-token");

	/**
	 * Query parameters that carry credentials: OAuth tokens (RFC 6750 §2.3 {@code access_token}),
	 * API keys, signatures of pre-signed URLs (AWS SigV4's {@code X-Amz-Signature},
	 * {@code X-Amz-Credential}, {@code X-Amz-Security-Token}; Google's {@code X-Goog-Signature};
	 * Azure SAS's {@code sig}) and secrets that should never travel in a URL but sometimes do.
	 */
	public static final List<String> DEFAULT_PARAMETERS = List.of("access_token", "id_token", "refresh_token",
			"api_key", "apikey", "api-key", "key", "token", "auth", "sig", "signature", "client_secret", "password",
			"passwd", "secret", "x-amz-signature", "x-amz-credential", "x-amz-security-token", "x-goog-signature",
			"x-goog-credential");

	private static final int DIGEST_HEX_LENGTH = 32;

	private static final Credentials DEFAULTS = new Credentials(List.of(), List.of(), KeySecret.generated());

	private final List<String> headers;

	private final Set<String> headerSet;

	private final Set<String> parameters;

	private final KeySecret secret;

	/** One keyed digest per thread: looking up a provider and padding the key are too slow for every request. */
	private final ThreadLocal<KeyedMac> macs = new ThreadLocal<>();

	private Credentials(Collection<String> extraHeaders, Collection<String> extraParameters, KeySecret secret) {
		this.headers = lowerCase(DEFAULT_HEADERS, extraHeaders);
		this.headerSet = Set.copyOf(this.headers);
		this.parameters = Set.copyOf(lowerCase(DEFAULT_PARAMETERS, extraParameters));
		this.secret = secret;
	}

	/** The default fields, keyed with a secret generated once per process. */
	public static Credentials defaults() {
		return DEFAULTS;
	}

	/**
	 * The default fields and the given ones, keyed with the given secret.
	 * @param extraHeaders request headers that also carry credentials
	 * @param extraParameters query parameters that also carry credentials
	 * @param secret the secret that keys the digests
	 */
	public static Credentials of(Collection<String> extraHeaders, Collection<String> extraParameters, KeySecret secret) {
		return new Credentials(extraHeaders, extraParameters, secret);
	}

	private static List<String> lowerCase(Collection<String> defaults, Collection<String> extra) {
		Set<String> names = new LinkedHashSet<>(defaults);
		for (String name : extra) {
			String trimmed = name.trim();
			if (!trimmed.isEmpty()) {
				names.add(trimmed.toLowerCase(Locale.ROOT));
			}
		}
		List<String> sorted = new ArrayList<>(names);
		sorted.sort(null);
		return List.copyOf(sorted);
	}

	/** The lower-case header names, sorted. */
	public List<String> headers() {
		return this.headers;
	}

	/** The lower-case query parameter names. */
	public Set<String> parameters() {
		return this.parameters;
	}

	public boolean isHeader(String name) {
		return this.headerSet.contains(name.toLowerCase(Locale.ROOT));
	}

	public boolean isParameter(String name) {
		return this.parameters.contains(name.toLowerCase(Locale.ROOT));
	}

	/** Whether the secret is known, so that credentials can be digested. */
	public boolean secretKnown() {
		return this.secret.current() != null;
	}

	/**
	 * The keyed digest (HMAC-SHA256, RFC 2104) of credential material, as 32 hex digits; {@code null}
	 * while the secret is not known.
	 */
	public @Nullable String digest(String material) {
		byte[] key = this.secret.current();
		if (key == null) {
			return null;
		}
		KeyedMac keyed = this.macs.get();
		if (keyed == null || keyed.key != key) {
			keyed = KeyedMac.of(key);
			this.macs.set(keyed);
		}
		byte[] hash = keyed.mac(material.getBytes(StandardCharsets.UTF_8));
		return HexFormat.of().formatHex(hash, 0, DIGEST_HEX_LENGTH / 2);
	}

	/**
	 * HMAC-SHA256 as RFC 2104 §2 defines it, on {@link MessageDigest} (the core uses {@code java.*}
	 * only): {@code H((K ^ opad) || H((K ^ ipad) || text))}, with the padded keys computed once.
	 */
	private record KeyedMac(byte[] key, byte[] innerPad, byte[] outerPad, MessageDigest sha256) {

		private static final int BLOCK = 64;

		static KeyedMac of(byte[] key) {
			MessageDigest sha256 = newSha256();
			// RFC 2104 §2: a key longer than the block is hashed first; shorter ones are zero-padded.
			byte[] block = Arrays.copyOf((key.length > BLOCK) ? sha256.digest(key) : key, BLOCK);
			byte[] inner = new byte[BLOCK];
			byte[] outer = new byte[BLOCK];
			for (int i = 0; i < BLOCK; i++) {
				inner[i] = (byte) (block[i] ^ 0x36);
				outer[i] = (byte) (block[i] ^ 0x5c);
			}
			return new KeyedMac(key, inner, outer, sha256);
		}

		byte[] mac(byte[] text) {
			this.sha256.reset();
			this.sha256.update(this.innerPad);
			byte[] inner = this.sha256.digest(text);
			this.sha256.update(this.outerPad);
			return this.sha256.digest(inner);
		}

		private static MessageDigest newSha256() {
			try {
				return MessageDigest.getInstance("SHA-256");
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
			}
		}

	}

}
