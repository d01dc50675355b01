package io.github.httpcache.internal.core;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.github.httpcache.core.CacheKey;
import io.github.httpcache.core.CacheRequest;
import io.github.httpcache.core.Headers;
import io.github.httpcache.core.RequestOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What counts as a credential (the defaults, extended and case-insensitive), and that credentials enter
 * keys only as a digest keyed with the secret, never in clear and never without a known secret.
 */
class CredentialsTests {

	private static final KeySecret SECRET = KeySecret.of("a secret of 16+ bytes".getBytes(StandardCharsets.UTF_8));

	private final CacheKeys keys = new CacheKeys(CacheSettings.defaults(), Credentials.of(List.of(), List.of(), SECRET));

	@Test
	void commonTokenHeadersAreCredentialsByDefault() {
		for (String name : new String[] { "PRIVATE-TOKEN", "X-Auth-Token", "x-access-token", "Api-Key",
				"X-Amz-Security-Token", "X-Goog-Api-Key", "Ocp-Apim-Subscription-Key", "Authorization", "Cookie" }) {
			CacheRequest alice = get("http://example.com/me").withHeaders(Headers.of(name, "alice-secret"));
			CacheRequest bob = get("http://example.com/me").withHeaders(Headers.of(name, "bob-secret"));
			assertThat(key(alice)).as(name).isNotEqualTo(key(bob)).isNotEqualTo(key(get("http://example.com/me")));
			assertThat(this.keys.keyFor(alice).toString()).doesNotContain("alice-secret");
		}
	}

	@Test
	void commonQuerySecretsAreCredentialsByDefaultAndLeaveTheUrl() {
		for (String name : new String[] { "token", "key", "sig", "signature", "client_secret", "password",
				"X-Amz-Signature", "X-Amz-Security-Token", "X-Amz-Credential", "x-goog-signature", "id_token",
				"refresh_token", "ACCESS_TOKEN", "Api_Key" }) {
			CacheRequest alice = get("http://example.com/file?x=1&" + name + "=alice-secret");
			CacheRequest bob = get("http://example.com/file?x=1&" + name + "=bob-secret");
			assertThat(key(alice)).as(name).isNotEqualTo(key(bob));
			CacheKey key = this.keys.keyFor(alice);
			assertThat(key.url()).as(name).isEqualTo("http://example.com/file?x=1");
			assertThat(key.toString()).doesNotContain("alice-secret");
			assertThat(key.urlKey()).as("one URL for invalidation").isEqualTo(this.keys.keyFor(bob).urlKey());
		}
	}

	@Test
	void configuredNamesExtendTheDefaultsCaseInsensitively() {
		CacheKeys extended = new CacheKeys(CacheSettings.defaults(),
				Credentials.of(List.of("X-Tenant-Token", " x-session "), List.of("Tenant_Secret"), SECRET));
		assertThat(extended.credentials().isHeader("x-tenant-token")).isTrue();
		assertThat(extended.credentials().isHeader("X-SESSION")).isTrue();
		assertThat(extended.credentials().isHeader("authorization")).as("defaults stay").isTrue();
		assertThat(extended.credentials().isParameter("TENANT_SECRET")).isTrue();
		assertThat(extended.credentials().isParameter("access_token")).isTrue();
		CacheRequest alice = get("http://example.com/me?tenant_secret=s1").withHeaders(Headers.of("x-TENANT-token", "t1"));
		CacheRequest bob = get("http://example.com/me?tenant_secret=s1").withHeaders(Headers.of("X-Tenant-Token", "t2"));
		assertThat(extended.keyFor(alice).requestKey()).isNotEqualTo(extended.keyFor(bob).requestKey());
		assertThat(extended.keyFor(alice).url()).isEqualTo("http://example.com/me");
		assertThat(extended.keyFor(get("http://example.com/me?TENANT_SECRET=s1")).requestKey())
			.isNotEqualTo(extended.keyFor(get("http://example.com/me?tenant_secret=s2")).requestKey());
		assertThat(this.keys.keyFor(alice).url()).as("not a credential by default")
			.isEqualTo("http://example.com/me?tenant_secret=s1");
	}

	@Test
	void hostHeaderIsPartOfTheKeyWhenSet() {
		CacheRequest tenantA = get("http://10.0.0.1/me").withHeaders(Headers.of("Host", "a.example.com"));
		CacheRequest tenantB = get("http://10.0.0.1/me").withHeaders(Headers.of("Host", "b.example.com"));
		assertThat(key(tenantA)).isNotEqualTo(key(tenantB)).isNotEqualTo(key(get("http://10.0.0.1/me")));
		assertThat(key(tenantA)).isEqualTo(key(get("http://10.0.0.1/me").withHeaders(Headers.of("host", "A.example.com "))));
	}

	@Test
	void digestsAreKeyedWithTheSecret() {
		CacheRequest alice = get("http://example.com/me").withHeaders(Headers.of("Authorization", "Basic YWxpY2U6cHc="));
		CacheKeys sameSecret = new CacheKeys(CacheSettings.defaults(), Credentials.of(List.of(), List.of(), SECRET));
		CacheKeys otherSecret = new CacheKeys(CacheSettings.defaults(),
				Credentials.of(List.of(), List.of(), KeySecret.of("another secret, 16+".getBytes(StandardCharsets.UTF_8))));
		assertThat(sameSecret.keyFor(alice)).isEqualTo(this.keys.keyFor(alice));
		assertThat(otherSecret.keyFor(alice).requestKey()).isNotEqualTo(this.keys.keyFor(alice).requestKey());
		assertThat(otherSecret.keyFor(get("http://example.com/me")))
			.as("without credentials the secret plays no part")
			.isEqualTo(this.keys.keyFor(get("http://example.com/me")));
		String material = "authorization:Basic YWxpY2U6cHc=\n";
		assertThat(this.keys.credentialHash(alice)).isEqualTo("cred:" + this.keys.credentials().digest(material))
			.isNotEqualTo("cred:" + CacheKeys.digest(material.getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void digestIsHmacSha256AsTheJdkComputesIt() throws Exception {
		java.util.Random random = new java.util.Random(14);
		for (int length : new int[] { 1, 16, 32, 63, 64, 65, 100 }) {
			byte[] key = new byte[length];
			random.nextBytes(key);
			javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
			for (String material : new String[] { "", "authorization:Bearer abc\n", "x".repeat(1000) }) {
				String expected = java.util.HexFormat.of()
					.formatHex(mac.doFinal(material.getBytes(StandardCharsets.UTF_8)), 0, 16);
				assertThat(Credentials.of(List.of(), List.of(), KeySecret.of(key)).digest(material))
					.as("key of %d bytes", length)
					.isEqualTo(expected);
			}
		}
	}

	@Test
	void digestIsTheSameOnEveryThreadAndAfterTheSecretBecomesKnown() throws Exception {
		AtomicReference<byte[]> current = new AtomicReference<>();
		Credentials credentials = Credentials.of(List.of(), List.of(), current::get);
		assertThat(credentials.secretKnown()).isFalse();
		assertThat(credentials.digest("x")).isNull();
		current.set("a secret of 16+ bytes".getBytes(StandardCharsets.UTF_8));
		String here = credentials.digest("x");
		AtomicReference<String> there = new AtomicReference<>();
		Thread thread = new Thread(() -> there.set(credentials.digest("x")));
		thread.start();
		thread.join();
		assertThat(here).hasSize(32).isEqualTo(there.get())
			.isEqualTo(Credentials.of(List.of(), List.of(), SECRET).digest("x"));
	}

	@Test
	void requestsWithCredentialsNeverShareAKeyWhileTheSecretIsUnknownAndBypass() {
		AtomicReference<byte[]> current = new AtomicReference<>();
		CachePolicy policy = new CachePolicy(CacheSettings.defaults(), Credentials.of(List.of(), List.of(), current::get));
		CacheRequest alice = get("http://example.com/me").withHeaders(Headers.of("Authorization", "Bearer a"));
		assertThat(policy.keys().credentialsPending(alice)).isTrue();
		assertThat(policy.keys().keyFor(alice).requestKey()).isNotEqualTo(policy.keys().keyFor(alice).requestKey());
		CachePlan plan = policy.plan(alice);
		assertThat(plan.read()).isFalse();
		assertThat(plan.write()).isFalse();
		assertThat(plan.fwd()).isEqualTo("bypass");
		assertThat(policy.plan(get("http://example.com/me?token=t")).read()).as("query credentials too").isFalse();
		assertThat(policy.plan(get("http://example.com/me")).read()).as("no credentials: unaffected").isTrue();
		current.set("a secret of 16+ bytes".getBytes(StandardCharsets.UTF_8));
		assertThat(policy.plan(alice).read()).isTrue();
		assertThat(policy.keys().keyFor(alice)).isEqualTo(policy.keys().keyFor(alice));
	}

	@Test
	void varyOnACredentialStoresAKeyedDigest() {
		Credentials credentials = Credentials.of(List.of("X-Tenant-Token"), List.of(), SECRET);
		Headers response = Headers.of("Vary", "X-Tenant-Token, Authorization");
		Headers request = Headers.of("X-Tenant-Token", "tenant-secret", "Authorization", "Bearer b");
		Headers stored = VaryMatcher.selectedValues(response, request, java.util.Set.of(), credentials);
		assertThat(stored.toString()).doesNotContain("tenant-secret").doesNotContain("Bearer b").contains("hmac:");
	}

	private String key(CacheRequest request) {
		return this.keys.keyFor(request).requestKey();
	}

	private static CacheRequest get(String url) {
		return new CacheRequest("GET", URI.create(url), Headers.empty(), new byte[0], RequestOptions.NONE);
	}

}
