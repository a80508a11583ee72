package ai.squared.syncruns.http;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document the router is built from and {@code GET /openapi.yaml} serves: the packaged
 * {@code openapi.yaml} with every {@code per_page}'s maximum set to the configured PER_PAGE_MAX, so
 * the served contract is always the enforced one. Written out as YAML once, when loaded: every event
 * loop's router serves the same text.
 */
public final class ContractDocument {
  public static final String LIST_SYNC_RUNS = "getSyncRuns";
  public static final String GET_SYNC_RUN = "getSyncRun";
  public static final String LIST_SYNC_RECORDS = "getSyncRecords";
  private static final String RESOURCE = "openapi.yaml";

  private final Map<String, Object> document;
  private final String yaml;

  private ContractDocument(Map<String, Object> document, String yaml) {
    this.document = document;
    this.yaml = yaml;
  }

  /** Blocking: reads the packaged document (and takes tens of milliseconds of CPU at a cold start). */
  public static ContractDocument load(int perPageMax) {
    Map<String, Object> document = new Yaml().load(read());
    List<Map<String, Object>> perPage = perPageSchemas(document);
    if (perPage.isEmpty()) {
      throw new IllegalStateException(RESOURCE + " declares no per_page parameter");
    }
    perPage.forEach(schema -> schema.put("maximum", perPageMax));
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(120);
    return new ContractDocument(document, new Yaml(options).dump(document));
  }

  public JsonObject json() {
    return new JsonObject(document).copy();
  }

  public String yaml() {
    return yaml;
  }

  /** The schema of every operation's per_page parameter. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> perPageSchemas(Map<String, Object> document) {
    List<Map<String, Object>> schemas = new ArrayList<>();
    for (Object path : ((Map<String, Object>) document.get("paths")).values()) {
      for (Object operation : ((Map<String, Object>) path).values()) {
        for (Object parameter : (List<Object>) ((Map<String, Object>) operation).get("parameters")) {
          Map<String, Object> declared = (Map<String, Object>) parameter;
          if ("per_page".equals(declared.get("name"))) {
            schemas.add((Map<String, Object>) declared.get("schema"));
          }
        }
      }
    }
    return schemas;
  }

  private static String read() {
    try (InputStream in = ContractDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
