// A scenario that builds every kind of holder and swap state the world has (KSM, rings, swap,
// shmem, pins, pipes): the packing and fingerprint tests step through all of its states.
export const RICH = `scenario "rich state"

p: mmap buf 2 rw
p: mmap sh 2 rw shared
p: madvise buf mergeable
p: write buf[0] A
p: write buf[1] A
p: write sh A
kernel: ksm-scan
p: iouring-register buf ring1
p: fork c
c: vmsplice buf pipe1
p: pin buf[1] rw longterm pin1
c: pin buf[0] ro get pin2
p: madvise sh[1] pageout
kernel: reclaim p buf[0]
p: write ring1[1] B
c: read pipe1
p: madvise buf[1] pageout
p: read sh[1]
c: write buf[0] C
p: mprotect buf[1] ro
p: munmap sh[0]
c: exit
p: read buf
`;
