package io.github.httpcache.core;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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

	/** One Mac per thread, keyed once: {@code Mac.getInstance} and {@code init} are too slow for every request. */
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
			keyed = new KeyedMac(key, newMac(key));
			this.macs.set(keyed);
		}
		byte[] hash = keyed.mac.doFinal(material.getBytes(StandardCharsets.UTF_8));
		return HexFormat.of().formatHex(hash, 0, DIGEST_HEX_LENGTH / 2);
	}

	private static Mac newMac(byte[] key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac;
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is required of every Java platform", ex);
		}
	}

	private record KeyedMac(byte[] key, Mac mac) {
	}

}
