#!/usr/bin/env bash
# Shared by the launch scripts: where things are, the JVM flags Spark needs, and building what is missing.
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
APP_JAR="$PROJECT_DIR/target/spark-lstm-0.1.0-SNAPSHOT-all.jar"
MAIN_CLASS="io.github.sparklstm.cli.Main"
# A SPARK_HOME assembled from Maven (only jars/), used when no Spark installation is given.
BUILT_SPARK_HOME="$PROJECT_DIR/target/spark-home"

# The add-opens list Spark's own launcher passes to every JVM it starts (Java 17).
SPARK_JVM_OPENS=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false
  -Dio.netty.tryReflectionSetAccessible=true)

log() { echo "[spark-lstm] $*" >&2; }

# Maven in the project, quiet, its output on stderr without colour codes: Maven 3.8 writes ESC[0m around its
# output even in batch mode (-B), which a terminal hides but a log or a scheduler shows.
maven() {
  (cd "$PROJECT_DIR" && mvn -B -q -Dstyle.color=never "$@" 2>&1) | sed 's/\x1b\[[0-9;]*m//g' >&2
}

# Builds the shaded application jar when it is missing or older than the sources.
ensure_jar() {
  if [[ ! -f "$APP_JAR" ]] || [[ -n "$(find "$PROJECT_DIR/src/main" "$PROJECT_DIR/pom.xml" -newer "$APP_JAR" -print -quit)" ]]; then
    log "building $APP_JAR (mvn package, tests skipped)"
    maven -DskipTests package
  fi
}

# Copies Spark's runtime jars (the versions pinned in pom.xml) into target/spark-home/jars once per pom.xml.
ensure_built_spark_home() {
  local stamp
  stamp=$(cksum < "$PROJECT_DIR/pom.xml")
  if [[ ! -f "$BUILT_SPARK_HOME/.complete" || "$(cat "$BUILT_SPARK_HOME/.complete")" != "$stamp" ]]; then
    log "assembling a SPARK_HOME from Maven in $BUILT_SPARK_HOME"
    rm -rf "$BUILT_SPARK_HOME"
    maven -Pspark-home dependency:copy-dependencies -DincludeScope=runtime \
      -DexcludeGroupIds=org.nd4j,org.bytedeco,info.picocli,org.jfree -DoutputDirectory="$BUILT_SPARK_HOME/jars"
    echo "$stamp" > "$BUILT_SPARK_HOME/.complete"
  fi
}

# The Scala line of the jars in a SPARK_HOME (Spark's launcher needs it when there is no distribution layout).
scala_version_of() {
  local jar
  jar=$(ls "$1"/jars/spark-core_*.jar 2>/dev/null | head -n 1)
  [[ -n "$jar" ]] || { log "no spark-core jar in $1/jars"; return 1; }
  jar=${jar##*/spark-core_}
  echo "${jar%%-*}"
}

# Runs a main class of the application jar on local Spark (all cores, or SPARK_LOCAL_MASTER), building what is
# missing: submit_local CLASS [args...]. The driver JVM gets SPARK_LSTM_DRIVER_JAVA_OPTS (default -Xmx2g).
submit_local() {
  local main="$1"; shift
  cd "$PROJECT_DIR"
  ensure_jar
  ensure_built_spark_home
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
  # One BLAS/OpenMP thread per task slot: local mode runs its tasks as threads of this JVM.
  export OMP_NUM_THREADS=1
  SPARK_LSTM_DRIVER_JAVA_OPTS="${SPARK_LSTM_DRIVER_JAVA_OPTS:--Xmx2g}" spark_submit "$BUILT_SPARK_HOME" \
    --master "${SPARK_LOCAL_MASTER:-local[*]}" \
    --conf spark.driver.host=127.0.0.1 \
    --conf spark.ui.enabled=false \
    --class "$main" "$APP_JAR" "$@"
}

# Runs org.apache.spark.deploy.SparkSubmit (what bin/spark-submit runs) from a SPARK_HOME's jars.
spark_submit() {
  local home="$1"; shift
  # As Spark's launcher does: the Hadoop and YARN configuration directories on the classpath, so --master yarn
  # finds the ResourceManager and paths without a scheme resolve against fs.defaultFS.
  local classpath="$home/jars/*${HADOOP_CONF_DIR:+:$HADOOP_CONF_DIR}${YARN_CONF_DIR:+:$YARN_CONF_DIR}"
  SPARK_HOME="$home" SPARK_SCALA_VERSION="$(scala_version_of "$home")" \
    exec java "${SPARK_JVM_OPENS[@]}" ${SPARK_LSTM_DRIVER_JAVA_OPTS:-} \
    -Dlog4j2.configurationFile="$PROJECT_DIR/conf/log4j2.properties" \
    -cp "$classpath" org.apache.spark.deploy.SparkSubmit "$@"
}

# Runs a PyTorch peer (python3 ARGS...) with Debian's python3-torch on Debian's OpenMP OpenBLAS, unpacked under
# target/ once: Debian's torch otherwise uses the system's libblas.so.3, the reference BLAS here, and trains about
# 11x slower (449 against 5,041 examples/s on 2 threads, measured with jobs/bench.sh). Returns 3 without torch.
peer_python() {
  /usr/bin/python3 -c 'import torch' 2>/dev/null || return 3
  local blas="$PROJECT_DIR/target/peer-openblas"
  if [[ ! -d "$blas/root" ]]; then
    (mkdir -p "$blas" && cd "$blas" && apt-get download libopenblas0-openmp >/dev/null 2>&1 \
      && dpkg -x libopenblas0-openmp_*.deb root) || log "no OpenMP OpenBLAS for the peer: it runs with Debian's default BLAS"
  fi
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE -u OMP_NUM_THREADS \
    LD_LIBRARY_PATH="$blas/root/usr/lib/x86_64-linux-gnu/openblas-openmp" /usr/bin/python3 "$@"
}

# The files of a Debian package unpacked under target/debs/NAME/root, without installing it (data the project
# does not ship): prints that root.
debian_unpacked() {
  local root="$PROJECT_DIR/target/debs/$1"
  if [[ ! -d "$root/root" ]]; then
    log "downloading Debian's $1 into $root (unpacked, not installed)"
    (mkdir -p "$root" && cd "$root" && apt-get download "$1" >/dev/null 2>&1 && dpkg -x "$1"_*.deb root) \
      || { log "cannot download Debian's $1 (apt-get download $1)"; exit 2; }
  fi
  echo "$root/root"
}

# Installs Debian packages (as root; otherwise says what to run and exits 2): data sets the project does not ship.
debian_install() {
  (( $# > 0 )) || return 0
  if [[ $(id -u) -ne 0 ]]; then
    log "missing: run 'sudo apt-get install $*' first"
    exit 2
  fi
  log "installing Debian's $*"
  (apt-get install -y -q "$@" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "$@" >/dev/null; })
}
