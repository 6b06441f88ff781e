package io.pinpipe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Airflow DAG compiles with python3, and names a main class and Maven coordinates this build has. */
class AirflowDagTest {
  private static final Path DAG = Path.of("src/main/airflow/pinpipe_daily.py");

  @Test
  void dagCompilesWithPython() throws Exception {
    Process python =
        new ProcessBuilder("python3", "-c", "import ast,sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])", DAG.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(python.exitValue()).as(output).isZero();
  }

  @Test
  void dagNamesThisBuildsMainClassAndCoordinates() throws Exception {
    String dag = Files.readString(DAG);
    assertThat(dag).contains("DatabricksSubmitRunOperator(").contains("schedule=\"@daily\"").contains("spark_jar_task=");
    Class<?> main = Class.forName(constant(dag, "MAIN_CLASS"));
    Method method = main.getMethod("main", String[].class);
    assertThat(Modifier.isStatic(method.getModifiers())).isTrue();
    assertThat(constant(dag, "PINPIPE_GROUP")).isEqualTo("io.pinpipe");
    assertThat(constant(dag, "PINPIPE_VERSION")).isEqualTo(System.getProperty("pinpipe.version"));
    Matcher artifacts = Pattern.compile("\\{PINPIPE_GROUP\\}:([a-z-]+):\\{PINPIPE_VERSION\\}").matcher(dag);
    int libraries = 0;
    while (artifacts.find()) {
      assertThat(Path.of("..", artifacts.group(1), "pom.xml")).as(artifacts.group(1) + " is a module").exists();
      libraries++;
    }
    assertThat(libraries).isEqualTo(2);
  }

  private static String constant(String python, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + " = \"([^\"]+)\"").matcher(python);
    assertThat(m.find()).as(name + " in the DAG").isTrue();
    return m.group(1);
  }
}
