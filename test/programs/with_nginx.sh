# Sourced by the program tests that run nginx, a server we did not write.
# Needs $work (a scratch directory) set by the test; defines fail and free_port if missing.
declare -F fail >/dev/null || fail() { echo "FAIL: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# start_nginx HTTP-BLOCK-BODY: nginx with one worker, its pid, logs and temporary files in
# $work, and the given directives and server blocks inside http { }. The caller's trap
# stops it: kill "$(cat "$work/nginx.pid")".
start_nginx() {
  mkdir -p "$work/tmp"
  cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 64; }
http {
  access_log $work/access.log;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
$1
}
CONF
  chmod -R a+rwX "$work" # nginx workers run as another user when started by root
  nginx -c "$work/nginx.conf" -p "$work" || fail "nginx did not start"
}
