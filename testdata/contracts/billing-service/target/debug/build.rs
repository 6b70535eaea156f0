this file stands in for a build output and must not be read
