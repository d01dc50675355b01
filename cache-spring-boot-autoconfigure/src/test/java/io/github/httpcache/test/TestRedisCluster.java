package io.github.httpcache.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.awaitility.Awaitility;

/**
 * A Redis Cluster of three masters for tests, from the embedded {@code redis-server} binary in cluster
 * mode on free ports: the test assigns the 16384 slots in three ranges and introduces the nodes to
 * each other with {@code CLUSTER MEET}, then waits until every node sees the same three connected
 * masters serving all the slots.
 */
public final class TestRedisCluster implements AutoCloseable {

	private static final int SLOTS = 16384;

	private final List<redis.embedded.RedisServer> servers = new ArrayList<>();

	private final List<Integer> ports = new ArrayList<>();

	/** One client for every node connection the test makes: creating a client starts its event loops. */
	private final RedisClient client = RedisClient.create();

	private TestRedisCluster() {
	}

	public static TestRedisCluster start() {
		TestRedisCluster cluster = new TestRedisCluster();
		try {
			cluster.startNodes();
			cluster.assignSlotsAndMeet();
			return cluster;
		}
		catch (IOException | RuntimeException ex) {
			cluster.close();
			throw new IllegalStateException("Could not start a Redis Cluster", ex);
		}
	}

	public List<Integer> ports() {
		return List.copyOf(this.ports);
	}

	/** Properties that point Spring Boot's Redis auto-configuration at this cluster. */
	public String nodesProperty() {
		return "spring.data.redis.cluster.nodes="
				+ this.ports.stream().map((port) -> "127.0.0.1:" + port).collect(Collectors.joining(","));
	}

	/** How many keys each master holds, in port order. */
	public List<Long> keysPerNode() {
		List<Long> counts = new ArrayList<>();
		for (int port : this.ports) {
			counts.add(withNode(port, RedisCommands::dbsize));
		}
		return counts;
	}

	@Override
	public void close() {
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
		for (redis.embedded.RedisServer server : this.servers) {
			try {
				server.stop();
			}
			catch (IOException ex) {
				// already gone
			}
		}
	}

	private void startNodes() throws IOException {
		Path directory = Files.createTempDirectory("http-cache-cluster");
		directory.toFile().deleteOnExit();
		for (int i = 0; i < 3; i++) {
			int port = TestRedis.freePort();
			redis.embedded.RedisServer server = redis.embedded.RedisServer.newRedisServer()
				.port(port)
				.bind("127.0.0.1")
				.setting("cluster-enabled yes")
				.setting("cluster-config-file " + directory.resolve("nodes-" + port + ".conf"))
				.setting("cluster-node-timeout 5000")
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			server.start();
			this.servers.add(server);
			this.ports.add(port);
		}
	}

	private void assignSlotsAndMeet() {
		for (int i = 0; i < 3; i++) {
			int from = i * SLOTS / 3;
			int to = (i + 1) * SLOTS / 3;
			int[] slots = IntStream.range(from, to).toArray();
			withNode(this.ports.get(i), (redis) -> redis.clusterAddSlots(slots));
		}
		for (int i = 1; i < 3; i++) {
			int port = this.ports.get(i);
			withNode(this.ports.get(0), (redis) -> redis.clusterMeet("127.0.0.1", port));
		}
		// Generous: on a loaded machine the nodes' handshakes and gossip can take many seconds.
		Awaitility.await("a converged Redis Cluster")
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptions()
			.until(this::converged);
	}

	/**
	 * Whether every node sees the same three masters, each connected over the cluster bus at one of our
	 * ports and serving its slots, and the cluster as ok. {@code cluster_state:ok} with three known
	 * nodes is not enough: a node learned through gossip counts as known (and the state can be ok)
	 * while its bus link is still down or its handshake unfinished, and the client reads the topology
	 * from whichever node it asks.
	 */
	private boolean converged() {
		Set<String> expectedAddresses = this.ports.stream().map((port) -> "127.0.0.1:" + port).collect(Collectors.toSet());
		Set<Set<String>> views = new HashSet<>();
		for (int port : this.ports) {
			String info = withNode(port, RedisCommands::clusterInfo);
			if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:3")
					|| !info.contains("cluster_slots_ok:" + SLOTS)) {
				return false;
			}
			Set<String> view = new HashSet<>();
			for (String line : withNode(port, (redis) -> redis.clusterNodes()).strip().split("\n")) {
				// <id> <ip:port@cport> <flags> <master> <ping-sent> <pong-recv> <epoch> <link-state> <slot> ...
				String[] fields = line.strip().split(" ");
				if (fields.length < 9) {
					return false;
				}
				String address = fields[1].split("@")[0];
				Set<String> flags = Set.of(fields[2].split(","));
				if (!expectedAddresses.contains(address) || !fields[7].equals("connected")
						|| !Set.of("myself", "master").containsAll(flags)) {
					return false;
				}
				view.add(fields[0] + " " + address + " " + String.join(" ", List.of(fields).subList(8, fields.length)));
			}
			views.add(view);
		}
		return views.size() == 1 && views.iterator().next().size() == 3;
	}

	private <T> T withNode(int port, java.util.function.Function<RedisCommands<String, String>, T> action) {
		try (StatefulRedisConnection<String, String> connection = this.client.connect(RedisURI.create("127.0.0.1", port))) {
			return action.apply(connection.sync());
		}
	}

}
