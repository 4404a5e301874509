// S4 of linux-cow-eras.md (CVE-2020-29374: vmsplice + munmap in the child), the scenario many
// tests run: it leaks on ..5.7 and copies from 5.8 on.
export const S4 = `p: mmap buf 1 rw
p: write buf[0] A
p: fork c
c: vmsplice buf[0] pipe1
c: munmap buf
p: write buf[0] B
c: read pipe1 expect A, B on ..5.7
`;

/** S4 with its title line. */
export const S4_TITLED = `scenario "vmsplice + unmap in child"\n${S4}`;
