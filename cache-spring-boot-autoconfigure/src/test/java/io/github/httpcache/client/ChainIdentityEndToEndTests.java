package io.github.httpcache.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.httpcache.test.CacheContexts;
import io.github.httpcache.test.ClientKind;
import io.github.httpcache.test.TestOrigin;
import io.github.httpcache.test.TestOrigin.Recorded;
import io.github.httpcache.test.TestOrigin.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpRequestInitializer;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.InMemoryReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.web.client.RequestAttributeClientRegistrationIdResolver;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.web.client.ApiVersionInserter;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The cache keys on the request as it leaves the client, whatever added the identity: Spring
 * Security's own OAuth2 interceptor and filter (client credentials, two registrations = two
 * identities), a plain interceptor or filter the application adds to Boot's builder after the cache's
 * customizers ({@code builder.clone()}), and the clients' cookie APIs. For each: two users never share
 * an entry (the origin sees both, each gets their own body), and one user's repeat is a hit.
 */
@ExtendWith(OutputCaptureExtension.class)
class ChainIdentityEndToEndTests {

	private static final ThreadLocal<String> CURRENT_USER = new ThreadLocal<>();

	private TestOrigin origin;

	private TestOrigin tokenEndpoint;

	@BeforeEach
	void startServers() {
		// The body names what identified the caller, so a body served to the wrong user shows.
		this.origin = TestOrigin.start()
			.otherwise((request) -> Reply.ok("for " + identity(request)).header("Vary", "API-Version"));
		this.tokenEndpoint = TestOrigin.start().otherwise((request) -> Reply
			.ok("{\"access_token\":\"token-of-" + clientId(request)
					+ "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")
			.header("Content-Type", "application/json"));
	}

	@AfterEach
	void stopServers() {
		this.origin.close();
		this.tokenEndpoint.close();
		CURRENT_USER.remove();
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void springSecurityOAuth2ClientCredentialsAreInTheKey(ClientKind kind) {
		CacheContexts.withRedis().run((context) -> {
			UserClient client = switch (kind) {
				case REST_CLIENT -> restClient(context, oauth2Interceptor(false),
						RequestAttributeClientRegistrationIdResolver::clientRegistrationId);
				case REST_TEMPLATE -> restTemplate(context, oauth2Interceptor(true));
				case WEB_CLIENT -> webClient(context, oauth2Filter(),
						ServerOAuth2AuthorizedClientExchangeFilterFunction::clientRegistrationId);
			};
			assertIsolatedAndRepeatIsHit(client, "Bearer token-of-alpha", "Bearer token-of-beta");
			assertThat(this.tokenEndpoint.requestCount()).as("one token per registration").isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aCredentialAddedByAnInterceptorOrFilterAfterBootsCustomizersIsInTheKey(ClientKind kind) {
		CacheContexts.withRedis().run((context) -> {
			UserClient client = switch (kind) {
				case REST_CLIENT -> restClient(context.getBean(RestClient.Builder.class).clone(), addsBearer());
				case REST_TEMPLATE -> restTemplate(context, addsBearer());
				case WEB_CLIENT -> webClient(context, addsBearerFilter(), ChainIdentityEndToEndTests::user);
			};
			assertIsolatedAndRepeatIsHit(client, "Bearer token-of-alpha", "Bearer token-of-beta");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aCookieSetWithTheClientsCookieApiIsInTheKey(ClientKind kind) {
		assumeTrue(kind != ClientKind.REST_TEMPLATE, "RestTemplate has no cookie API");
		CacheContexts.withRedis().run((context) -> {
			UserClient client = switch (kind) {
				case REST_CLIENT -> {
					RestClient restClient = context.getBean(RestClient.Builder.class).clone().build();
					yield (url, user) -> result(restClient.get().uri(url).cookie("SESSION", "session-of-" + user)
						.retrieve().toEntity(String.class));
				}
				case WEB_CLIENT -> {
					WebClient webClient = context.getBean(WebClient.Builder.class).clone().build();
					yield (url, user) -> result(webClient.get().uri(url).cookie("SESSION", "session-of-" + user)
						.retrieve().toEntity(String.class).block(Duration.ofSeconds(30)));
				}
				default -> throw new IllegalStateException();
			};
			assertIsolatedAndRepeatIsHit(client, "SESSION=session-of-alpha", "SESSION=session-of-beta");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aCredentialAddedByARequestInitializerIsInTheKey(ClientKind kind) {
		assumeTrue(kind != ClientKind.WEB_CLIENT, "WebClient has no ClientHttpRequestInitializer");
		CacheContexts.withRedis().run((context) -> {
			ClientHttpRequestInitializer addsBearer = (request) -> request.getHeaders()
				.setBearerAuth("token-of-" + CURRENT_USER.get());
			UserClient client = switch (kind) {
				case REST_CLIENT -> restClient(context.getBean(RestClient.Builder.class).clone()
					.requestInitializer(addsBearer), (request, body, execution) -> execution.execute(request, body));
				case REST_TEMPLATE -> {
					RestTemplate template = context.getBean(RestTemplateBuilder.class).build();
					template.getClientHttpRequestInitializers().add(addsBearer);
					yield restTemplate(template, (request, body, execution) -> execution.execute(request, body));
				}
				default -> throw new IllegalStateException();
			};
			assertIsolatedAndRepeatIsHit(client, "Bearer token-of-alpha", "Bearer token-of-beta");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void anApiVersionTheClientInsertsIsMatchedAsTheOriginsVaryAsks(ClientKind kind) {
		assumeTrue(kind != ClientKind.REST_TEMPLATE, "RestTemplate has no API version insertion");
		CacheContexts.withRedis().run((context) -> {
			UserClient client = switch (kind) {
				case REST_CLIENT -> {
					RestClient.Builder builder = context.getBean(RestClient.Builder.class)
						.clone()
						.apiVersionInserter(ApiVersionInserter.useHeader("API-Version"));
					RestClient alpha = builder.clone().defaultApiVersion("alpha").build();
					RestClient beta = builder.clone().defaultApiVersion("beta").build();
					yield (url, user) -> result((user.equals("alpha") ? alpha : beta).get().uri(url).retrieve()
						.toEntity(String.class));
				}
				case WEB_CLIENT -> {
					WebClient.Builder builder = context.getBean(WebClient.Builder.class)
						.clone()
						.apiVersionInserter(ApiVersionInserter.useHeader("API-Version"));
					WebClient alpha = builder.clone().defaultApiVersion("alpha").build();
					WebClient beta = builder.clone().defaultApiVersion("beta").build();
					yield (url, user) -> result((user.equals("alpha") ? alpha : beta).get().uri(url).retrieve()
						.toEntity(String.class).block(Duration.ofSeconds(30)));
				}
				default -> throw new IllegalStateException();
			};
			assertIsolatedAndRepeatIsHit(client, "version alpha", "version beta");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aWebClientHttpRequestConsumerStillReachesTheNativeRequest(ClientKind kind) {
		assumeTrue(kind == ClientKind.WEB_CLIENT, "only WebClient has ClientRequest.httpRequest(...)");
		CacheContexts.withRedis().run((context) -> {
			WebClient client = context.getBean(WebClient.Builder.class).build();
			AtomicReference<Object> nativeRequest = new AtomicReference<>();
			String url = this.origin.url("/me");
			Function<String, ResponseEntity<String>> get = (user) -> client.get()
				.uri(url)
				.cookie("SESSION", "session-of-" + user)
				.httpRequest((request) -> nativeRequest.set(request.getNativeRequest()))
				.retrieve()
				.toEntity(String.class)
				.block(Duration.ofSeconds(30));
			assertThat(get.apply("alpha").getBody()).isEqualTo("for SESSION=session-of-alpha");
			assertThat(nativeRequest.get()).as("the consumer ran against the real request").isNotNull();
			assertThat(get.apply("beta").getBody()).isEqualTo("for SESSION=session-of-beta");
			assertThat(get.apply("alpha").getHeaders().getFirst("Cache-Status")).startsWith("http-cache; hit");
			assertThat(this.origin.requestCount()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aRequestFactoryOrConnectorTheApplicationSetsLaterIsNotCachedAndNeverShared(ClientKind kind,
			CapturedOutput output) {
		CacheContexts.withRedis().run((context) -> {
			UserClient client = switch (kind) {
				case REST_CLIENT -> restClient(context.getBean(RestClient.Builder.class).clone()
					.requestFactory(new JdkClientHttpRequestFactory()), addsBearer());
				case REST_TEMPLATE -> {
					RestTemplate template = context.getBean(RestTemplateBuilder.class).build();
					template.setRequestFactory(new JdkClientHttpRequestFactory());
					yield restTemplate(template, addsBearer());
				}
				case WEB_CLIENT -> webClient(context.getBean(WebClient.Builder.class).clone()
					.clientConnector(new ReactorClientHttpConnector()), addsBearerFilter(), ChainIdentityEndToEndTests::user);
			};
			String url = this.origin.url("/me");
			assertThat(client.get(url, "alpha").body()).isEqualTo("for Bearer token-of-alpha");
			assertThat(client.get(url, "beta").body()).isEqualTo("for Bearer token-of-beta");
			Result again = client.get(url, "alpha");
			assertThat(again.body()).isEqualTo("for Bearer token-of-alpha");
			assertThat(again.cacheStatus()).as("the cache is not in this client").isNull();
			assertThat(this.origin.requestCount()).isEqualTo(3);
			assertThat(output).contains("reached the origin without passing the HTTP cache");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aClientBuiltByHandWithTheWrappedFactoryOrConnectorKeysOnTheFinalRequest(ClientKind kind) {
		CacheContexts.withRedis().run((context) -> {
			CachingClientHttpRequestInterceptor caching = context.getBean(CachingClientHttpRequestInterceptor.class);
			UserClient client = switch (kind) {
				case REST_CLIENT -> restClient(RestClient.builder()
					.requestFactory(caching.wrap(new JdkClientHttpRequestFactory())), addsBearer());
				case REST_TEMPLATE -> restTemplate(new RestTemplate(caching.wrap(new JdkClientHttpRequestFactory())),
						addsBearer());
				case WEB_CLIENT -> webClient(WebClient.builder()
					.clientConnector(context.getBean(CachingExchangeFilterFunction.class)
						.wrap(new ReactorClientHttpConnector())), addsBearerFilter(), ChainIdentityEndToEndTests::user);
			};
			assertIsolatedAndRepeatIsHit(client, "Bearer token-of-alpha", "Bearer token-of-beta");
		});
	}

	@ParameterizedTest
	@EnumSource(ClientKind.class)
	void aClientBuiltByHandWithTheInterceptorOrFilterRegisteredLastKeysOnWhatCameBefore(ClientKind kind) {
		CacheContexts.withRedis().run((context) -> {
			CachingClientHttpRequestInterceptor caching = context.getBean(CachingClientHttpRequestInterceptor.class);
			UserClient client = switch (kind) {
				case REST_CLIENT -> restClient(RestClient.builder().requestInterceptor(addsBearer()), caching);
				case REST_TEMPLATE -> {
					RestTemplate template = new RestTemplate();
					template.getInterceptors().add(addsBearer());
					yield restTemplate(template, caching);
				}
				case WEB_CLIENT -> webClient(WebClient.builder().filter(addsBearerFilter()),
						context.getBean(CachingExchangeFilterFunction.class), ChainIdentityEndToEndTests::user);
			};
			assertIsolatedAndRepeatIsHit(client, "Bearer token-of-alpha", "Bearer token-of-beta");
		});
	}

	private void assertIsolatedAndRepeatIsHit(UserClient client, String alphaIdentity, String betaIdentity) {
		String url = this.origin.url("/me");
		Result alpha = client.get(url, "alpha");
		Result beta = client.get(url, "beta");
		assertThat(alpha.body()).isEqualTo("for " + alphaIdentity);
		assertThat(beta.body()).as("the second user gets their own body").isEqualTo("for " + betaIdentity);
		assertThat(this.origin.requestCount()).as("two users, two origin requests").isEqualTo(2);
		Result alphaAgain = client.get(url, "alpha");
		Result betaAgain = client.get(url, "beta");
		assertThat(alphaAgain.cacheStatus()).startsWith("http-cache; hit");
		assertThat(alphaAgain.body()).isEqualTo("for " + alphaIdentity);
		assertThat(betaAgain.cacheStatus()).startsWith("http-cache; hit");
		assertThat(betaAgain.body()).isEqualTo("for " + betaIdentity);
		assertThat(this.origin.requestCount()).as("each repeat is a hit").isEqualTo(2);
	}

	// Clients built from Boot's builders, with the identity added after Boot's customizers ran.

	private static UserClient restClient(ApplicationContext context, ClientHttpRequestInterceptor identity,
			Function<String, Consumer<Map<String, Object>>> attributes) {
		return restClient(context.getBean(RestClient.Builder.class).clone(), identity, attributes);
	}

	private static UserClient restClient(RestClient.Builder builder, ClientHttpRequestInterceptor identity) {
		return restClient(builder, identity, (user) -> (attributes) -> {
		});
	}

	private static UserClient restClient(RestClient.Builder builder, ClientHttpRequestInterceptor identity,
			Function<String, Consumer<Map<String, Object>>> attributes) {
		RestClient client = builder.requestInterceptor(identity).build();
		return (url, user) -> {
			CURRENT_USER.set(user);
			try {
				return result(client.get().uri(url).attributes(attributes.apply(user)).retrieve().toEntity(String.class));
			}
			finally {
				CURRENT_USER.remove();
			}
		};
	}

	private static UserClient restTemplate(ApplicationContext context, ClientHttpRequestInterceptor identity) {
		return restTemplate(context.getBean(RestTemplateBuilder.class).build(), identity);
	}

	private static UserClient restTemplate(RestTemplate template, ClientHttpRequestInterceptor identity) {
		template.getInterceptors().add(identity);
		return (url, user) -> {
			CURRENT_USER.set(user);
			try {
				return result(template.getForEntity(url, String.class));
			}
			finally {
				CURRENT_USER.remove();
			}
		};
	}

	private static UserClient webClient(ApplicationContext context, ExchangeFilterFunction identity,
			Function<String, Consumer<Map<String, Object>>> attributes) {
		return webClient(context.getBean(WebClient.Builder.class).clone(), identity, attributes);
	}

	private static UserClient webClient(WebClient.Builder builder, ExchangeFilterFunction identity,
			Function<String, Consumer<Map<String, Object>>> attributes) {
		WebClient client = builder.filter(identity).build();
		return (url, user) -> result(client.get().uri(url).attributes(attributes.apply(user))
			.retrieve().toEntity(String.class).block(Duration.ofSeconds(30)));
	}

	/** Adds the calling thread's user's token, as an application's own interceptor would. */
	private static ClientHttpRequestInterceptor addsBearer() {
		return (request, body, execution) -> {
			request.getHeaders().setBearerAuth("token-of-" + CURRENT_USER.get());
			return execution.execute(request, body);
		};
	}

	/** Adds the token of the user named in the request's attributes, as an application's own filter would. */
	private static ExchangeFilterFunction addsBearerFilter() {
		return (request, next) -> next.exchange(ClientRequest.from(request)
			.headers((headers) -> headers.setBearerAuth("token-of-" + request.attribute("user").orElseThrow()))
			.build());
	}

	private static Consumer<Map<String, Object>> user(String user) {
		return (attributes) -> attributes.put("user", user);
	}

	// Spring Security, configured by hand for client credentials against the token endpoint.

	private ClientRegistration registration(String id) {
		return ClientRegistration.withRegistrationId(id)
			.clientId(id)
			.clientSecret("secret-of-" + id)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.tokenUri(this.tokenEndpoint.url("/oauth2/token"))
			.build();
	}

	private OAuth2ClientHttpRequestInterceptor oauth2Interceptor(boolean registrationFromThread) {
		InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(
				registration("alpha"), registration("beta"));
		OAuth2ClientHttpRequestInterceptor interceptor = new OAuth2ClientHttpRequestInterceptor(
				new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations,
						new InMemoryOAuth2AuthorizedClientService(registrations)));
		if (registrationFromThread) {
			// RestTemplate has no request attributes: the registration comes from the calling thread.
			interceptor.setClientRegistrationIdResolver((request) -> CURRENT_USER.get());
		}
		return interceptor;
	}

	private ServerOAuth2AuthorizedClientExchangeFilterFunction oauth2Filter() {
		InMemoryReactiveClientRegistrationRepository registrations = new InMemoryReactiveClientRegistrationRepository(
				registration("alpha"), registration("beta"));
		return new ServerOAuth2AuthorizedClientExchangeFilterFunction(
				new AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager(registrations,
						new InMemoryReactiveOAuth2AuthorizedClientService(registrations)));
	}

	private static String identity(Recorded request) {
		for (String name : new String[] { "Authorization", "Cookie", "API-Version" }) {
			String value = request.header(name);
			if (value != null) {
				return (name.equals("API-Version") ? "version " : "") + value;
			}
		}
		return "nobody";
	}

	private static String clientId(Recorded request) {
		String basic = request.header("Authorization").substring("Basic ".length());
		String decoded = new String(Base64.getDecoder().decode(basic), StandardCharsets.UTF_8);
		return decoded.substring(0, decoded.indexOf(':'));
	}

	private static Result result(ResponseEntity<String> response) {
		return new Result(response.getHeaders().getFirst("Cache-Status"), response.getBody());
	}

	@FunctionalInterface
	private interface UserClient {

		Result get(String url, String user);

	}

	private record Result(String cacheStatus, String body) {
	}

}
