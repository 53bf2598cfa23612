import sys,collections,re
first={};last={}
for line in open(sys.argv[1]):
    p=line.split(None,5)
    if len(p)<6 or not p[3].isdigit(): continue
    ts,pid,tid,v,st,comm=p; comm=comm.strip()
    if len(sys.argv)>2 and not (sys.argv[2]<=ts<=sys.argv[3]): continue
    if tid not in first: first[tid]=(int(v),int(st),comm)
    last[tid]=(int(v),int(st),comm)
agg=collections.Counter(); cpu=collections.Counter()
for tid,(v,st,c) in last.items():
    v0,st0,_=first[tid]; name=re.sub(r'\d+','N',c)
    agg[name]+=v-v0; cpu[name]+=st-st0
tot=sum(agg.values())
print('total wakeups',tot,'cpu ticks',sum(cpu.values()))
for k,c in agg.most_common(25): print(f'{c:8d} {c*100/tot:5.1f}% cpu {cpu[k]:5d} {k}')
