import sys, re, collections, json, subprocess
# usage: jfragg.py file.jfr [start end as HH:MM:SS]
f=sys.argv[1]
out=subprocess.run(['jfr','print','--json','--events','jdk.ExecutionSample',f],capture_output=True,text=True).stdout
data=json.loads(out)
evs=data['recording']['events']
lo=sys.argv[2] if len(sys.argv)>2 else None; hi=sys.argv[3] if len(sys.argv)>3 else None
selfc=collections.Counter(); incl=collections.Counter(); thr=collections.Counter(); n=0
pkg=collections.Counter()
for e in evs:
    v=e['values']; t=v['startTime'][11:19]
    if lo and not (lo<=t<=hi): continue
    n+=1
    th=v['sampledThread']['javaName'] or v['sampledThread'].get('osName')
    th=re.sub(r'-\d+$','',th or '?'); thr[th]+=1
    frames=v['stackTrace']['frames'] if v['stackTrace'] else []
    names=[fr['method']['type']['name']+'.'+fr['method']['name'] for fr in frames]
    if names: selfc[names[0]]+=1
    for nm in set(names): incl[nm]+=1
print('samples',n)
print('--threads'); [print(f'{c*100/n:5.1f}% {k}') for k,c in thr.most_common(15)]
print('--self'); [print(f'{c*100/n:5.1f}% {k}') for k,c in selfc.most_common(40)]
print('--inclusive'); [print(f'{c*100/n:5.1f}% {k}') for k,c in incl.most_common(120)]
