#!/bin/bash
# threads.sh OUT: every 2 s, for the node JVM (writ node main), per-thread voluntary ctx switches and cpu ticks
out=$1
while true; do
  for pid in $(pgrep -f "NodeMain.*/tmp/hotpath" ); do
    ts=$(date +%H:%M:%S)
    for t in /proc/$pid/task/*; do
      c=$(cat $t/comm 2>/dev/null); v=$(grep voluntary_ctxt_switches $t/status 2>/dev/null | head -1 | awk '{print $2}')
      st=$(awk '{print $14+$15}' $t/stat 2>/dev/null)
      echo "$ts $pid $(basename $t) $v $st $c"
    done
  done >> $out
  sleep 2
done
