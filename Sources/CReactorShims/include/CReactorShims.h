// Linux calls Swift's Glibc module leaves out: epoll and eventfd (their headers are not part of
// the module) and accept4 (declared only under _GNU_SOURCE, which the module is built without).
// The wrappers are defined in shims.c, compiled with _GNU_SOURCE; Swift sees plain C functions
// and the real `struct epoll_event`, so no layout is written down by hand.
#ifndef SOCKETLAB_CREACTORSHIMS_H
#define SOCKETLAB_CREACTORSHIMS_H

#include <sys/epoll.h>
#include <sys/eventfd.h>

// accept4(2); `address` is a `struct sockaddr *` and `length` a `socklen_t *`. Typed loosely so
// this header need not include <sys/socket.h>, whose types Swift already gets from Glibc.
int sl_accept4(int fd, void *address, unsigned int *length, int flags);

#endif
